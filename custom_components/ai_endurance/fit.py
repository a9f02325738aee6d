# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""FIT file validation and metadata, for the ``ping_fit_files`` action.

Everything here does blocking file I/O and CPU work: call it from the executor
(``hass.async_add_executor_job``), never from the event loop. The functions are
pure (a path or bytes in, a value or :class:`FitFileError` out) and import
nothing from Home Assistant.

Validation (:func:`validate_fit_file`, :func:`validate_fit_bytes`)
-----------------------------------------------------------------
As in the FIT SDK's file-integrity check, for each FIT file in the stream
(chained FIT files are accepted):

* the header is 12 or 14 bytes long (its first byte) and carries ``.FIT`` at
  bytes 8 to 11;
* a 14-byte header's CRC (bytes 12 and 13) matches its first 12 bytes, unless
  it is 0 ("not computed", which the SDK allows);
* the header's data size plus the header and the 2-byte file CRC fit in the
  file: a shorter file is truncated, bytes after the last FIT file are
  rejected too;
* the file CRC (CRC-16 as in the SDK, polynomial 0x8005 reflected, start 0,
  over header and data) matches.

The file is read in chunks of :data:`CHUNK_SIZE`, so validating it holds one
chunk in memory, never the whole file. The CRC uses a 65,536-entry table
(128 KiB, built on first use) and goes two bytes per step: 28 ns a byte in
CPython 3.14 here (4.1 ms for the largest sample), against 70 ns for the
usual byte-wise table and 240 ns for the SDK's nibble-wise loop as fitdecode
implements it. 50 MiB take about 1.5 s, in the executor.

Files larger than :data:`MAX_FIT_FILE_SIZE` (50 MiB) are refused before
anything is read. The real recordings in the tests take 44 to 150 KiB per
hour of activity (the longest, 47 to 78 minutes), so even a multi-day event
recorded every second with many sensors stays well below 50 MiB; a larger
file is most likely not a single activity. 50 MiB is also the outer edge of
what one ping should carry (67 MiB once base64-encoded). AI Endurance
documents no limit of its own.

Metadata (:func:`read_fit_metadata`)
------------------------------------
Read with fitdecode, lazily, frame by frame, stopping as soon as the answer is
known:

* the first message must be ``file_id`` with ``type`` ``activity``: settings,
  monitoring, course or workout files are not activities AI Endurance can
  import;
* the start time is the activity's start, which is what the session's
  ``start_time`` is (the FIT activity file definition: the time of the first
  timer start). Devices write the session at the end of the file, so reading
  up to it means decoding the whole recording; instead the reader stops at the
  first message that states that same instant: a timer ``start`` event, the
  first ``record``, or a ``lap`` / ``session`` ``start_time``, whichever comes
  first. For the real recordings in the tests this is the 3rd or 4th message
  and always equals the first session's ``start_time`` (the tests check it).
  Only when a file has none of these is ``file_id.time_created`` used: it is
  the first message, but some devices set it when the file is written, after
  the activity (a Fenix 2 run in the samples: 47 minutes after the start).
  Date-time values below 0x10000000 are device-relative, not absolute, and
  are ignored.

Why fitdecode and not garmin-fit-sdk: fitdecode (pure Python, MIT) yields one
frame at a time, so the reader stops after a handful of messages; Garmin's
``garmin_fit_sdk.Decoder.read`` decodes the whole file into lists of every
message before it returns anything, and has no way to stop early. Measured on
the largest sample (Edge810-Vector, 148 KB, 4,762 messages; Python 3.14, see
``benchmarks/bench_fit.py``): reading its bytes takes 0.02 ms; fitdecode
stopping at the timer start (the 3rd message) 0.2 ms, with a 0.14 MiB peak;
decoding everything takes 290 ms with garmin-fit-sdk 21.218 (3.6 MiB peak)
and 320 ms with fitdecode. So the early stop is about 1,400 times cheaper than
either full decode, and ten times the cost of reading the bytes. The file's
integrity is checked by this module over the raw bytes (fitdecode checks only
the CRC of what it reads), so stopping early loses nothing.

``summary_id`` (:func:`summary_id_for`) is the file's name, as the FIT ping's
documentation says.
"""

import array
from collections.abc import Buffer
from dataclasses import dataclass
import datetime as dt
from enum import StrEnum
from functools import cache
import os
from pathlib import Path, PurePosixPath
import stat
import struct
import sys
from typing import IO, Final
from urllib.parse import unquote, urlsplit

import fitdecode

MAX_FIT_FILE_SIZE: Final = 50 * 1024 * 1024
"""Largest FIT file accepted, in bytes (50 MiB; see the module docstring)."""

FIT_HEADER_SIZES: Final = (12, 14)
"""The two header sizes of the FIT protocol."""

FIT_SIGNATURE: Final = b".FIT"
"""Bytes 8 to 11 of every FIT header."""

CRC_SIZE: Final = 2
"""Bytes of the CRC that ends each FIT file."""

CHUNK_SIZE: Final = 64 * 1024
"""Bytes read at a time while validating a file (even, for the CRC's word loop)."""

FIT_DATETIME_MIN: Final = 0x10000000
"""FIT date-time values below this are device-relative (seconds since power on)."""

_FIT_EPOCH: Final = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
_HEADER: Final = struct.Struct("<BBHI4s")
_ACTIVITY: Final = "activity"
_START_MESSAGES: Final = frozenset({"lap", "session"})


class FitProblem(StrEnum):
    """Why a file is not accepted; each value is a translation key suffix."""

    NOT_FOUND = "not_found"
    NOT_A_FILE = "not_a_file"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_FIT = "not_fit"
    HEADER_CRC = "header_crc"
    SIZE_MISMATCH = "size_mismatch"
    CRC = "crc"
    NOT_ACTIVITY = "not_activity"
    NO_START_TIME = "no_start_time"
    UNDECODABLE = "undecodable"


class FitFileError(Exception):
    """A file that is not an acceptable FIT activity; ``problem`` says why.

    ``detail`` is a short English explanation for logs (never file content).
    """

    def __init__(self, problem: FitProblem, detail: str) -> None:
        """Store the problem and its explanation."""
        super().__init__(f"{problem}: {detail}")
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True, slots=True)
class FitMetadata:
    """What the ping needs from a FIT activity's first messages."""

    start_time: dt.datetime
    """The activity's start (aware, UTC)."""
    time_created: dt.datetime | None
    """``file_id.time_created`` (aware, UTC), when the file has one."""
    messages_read: int
    """Data messages decoded before the reader stopped."""


@dataclass(frozen=True, slots=True)
class FitFileInfo:
    """A validated FIT activity file: where it is, its size and metadata."""

    path: str
    size: int
    mtime_ns: int
    """When the file was last modified, as it was validated (nanoseconds)."""
    summary_id: str
    start_time: dt.datetime


# --- CRC ---------------------------------------------------------------------


@cache
def _byte_table() -> tuple[int, ...]:
    """CRC-16 (0x8005 reflected, as the FIT SDK's) table, one byte per step."""
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


@cache
def _word_table() -> array.array[int]:
    """Return the same CRC's table for two bytes (one little-endian word) a step."""
    byte = _byte_table()
    return array.array(
        "H",
        (
            byte[(byte[word & 0xFF] ^ (word >> 8)) & 0xFF] ^ (byte[word & 0xFF] >> 8)
            for word in range(0x10000)
        ),
    )


def fit_crc16(data: Buffer, crc: int = 0) -> int:
    """Return the FIT CRC-16 of ``data``, continuing from ``crc``.

    The CRC of a whole FIT file including its trailing CRC bytes is 0.
    """
    view = memoryview(data).cast("B")
    even = len(view) & ~1
    if sys.byteorder == "little" and even:
        words = _word_table()
        for word in view[:even].cast("H"):
            crc = words[crc ^ word]
        rest = view[even:]
    else:  # pragma: no cover - big-endian hosts only
        rest = view
    table = _byte_table()
    for value in rest:
        crc = (crc >> 8) ^ table[(crc ^ value) & 0xFF]
    return crc


# --- validation ----------------------------------------------------------------


def _parse_header(header: bytes, offset: int) -> int:
    """Check a FIT header; return the size of its FIT file (header, data, CRC)."""
    size = header[0] if header else 0
    if (
        size not in FIT_HEADER_SIZES
        or len(header) < size
        or header[8:12] != FIT_SIGNATURE
    ):
        msg = f"no FIT header at byte {offset}"
        raise FitFileError(FitProblem.NOT_FIT, msg)
    _size, _protocol, _profile, data_size, _signature = _HEADER.unpack_from(header)
    if size == FIT_HEADER_SIZES[1]:
        (header_crc,) = struct.unpack_from("<H", header, 12)
        if header_crc and header_crc != fit_crc16(header[:12]):
            msg = f"the header CRC at byte {offset + 12} does not match"
            raise FitFileError(FitProblem.HEADER_CRC, msg)
    return int(size + data_size + CRC_SIZE)


def _check_max_size(size: int, max_size: int | None) -> None:
    """Refuse an empty file or one over the limit."""
    limit = MAX_FIT_FILE_SIZE if max_size is None else max_size
    if size == 0:
        raise FitFileError(FitProblem.EMPTY, "the file is empty")
    if size > limit:
        msg = f"the file has {size} bytes, more than the limit of {limit}"
        raise FitFileError(FitProblem.TOO_LARGE, msg)


def _check_segments(read: _Reader, total: int) -> None:
    """Walk the FIT files of a stream of ``total`` bytes, checking each."""
    offset = 0
    while offset < total:
        header = read.exact(min(FIT_HEADER_SIZES[1], total - offset), offset)
        try:
            segment = _parse_header(header, offset)
        except FitFileError as err:
            if offset and err.problem is FitProblem.NOT_FIT:
                msg = (
                    f"{total - offset} bytes after the FIT data "
                    f"(which ends at byte {offset})"
                )
                raise FitFileError(FitProblem.SIZE_MISMATCH, msg) from None
            raise
        if offset + segment > total:
            msg = (
                f"the header announces {segment} bytes from byte {offset}, "
                f"the file has {total}: it is truncated"
            )
            raise FitFileError(FitProblem.SIZE_MISMATCH, msg)
        crc = fit_crc16(header)
        remaining = segment - len(header)
        position = offset + len(header)
        while remaining:
            chunk = read.exact(min(CHUNK_SIZE, remaining), position)
            crc = fit_crc16(chunk, crc)
            remaining -= len(chunk)
            position += len(chunk)
        if crc:
            msg = f"the file CRC at byte {offset + segment - CRC_SIZE} does not match"
            raise FitFileError(FitProblem.CRC, msg)
        offset += segment


class _Reader:
    """Sequential reads of known length, from a file or a buffer."""

    def __init__(self, source: IO[bytes] | memoryview) -> None:
        self._source = source

    def exact(self, size: int, offset: int) -> bytes:
        """Return the next ``size`` bytes (``offset`` is for messages)."""
        if isinstance(self._source, memoryview):
            data = bytes(self._source[offset : offset + size])
        else:
            data = self._source.read(size)
        if len(data) != size:  # The file shrank while it was read.
            msg = f"could not read {size} bytes at byte {offset}"
            raise FitFileError(FitProblem.SIZE_MISMATCH, msg)
        return data


def validate_fit_bytes(data: Buffer, *, max_size: int | None = None) -> None:
    """Check that ``data`` is a complete FIT file; raise :class:`FitFileError`."""
    view = memoryview(data).cast("B")
    _check_max_size(len(view), max_size)
    _check_segments(_Reader(view), len(view))


def validate_fit_file(
    path: str | os.PathLike[str], *, max_size: int | None = None
) -> int:
    """Check that ``path`` is a complete FIT file; return its size in bytes.

    Reads :data:`CHUNK_SIZE` bytes at a time. ``max_size`` defaults to
    :data:`MAX_FIT_FILE_SIZE`. Raises :class:`FitFileError`.
    """
    return _validate_file(path, max_size).st_size


def _validate_file(
    path: str | os.PathLike[str], max_size: int | None
) -> os.stat_result:
    """Validate a file; return its status as it was read."""
    try:
        with open(path, "rb") as file:  # noqa: PTH123
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise FitFileError(FitProblem.NOT_A_FILE, "not a regular file")
            _check_max_size(info.st_size, max_size)
            _check_segments(_Reader(file), info.st_size)
            return info
    except FileNotFoundError as err:
        raise FitFileError(FitProblem.NOT_FOUND, "the file does not exist") from err
    except IsADirectoryError as err:
        raise FitFileError(FitProblem.NOT_A_FILE, "a directory") from err
    except OSError as err:
        msg = f"cannot read the file ({err.strerror or type(err).__name__})"
        raise FitFileError(FitProblem.UNREADABLE, msg) from err


# --- metadata ------------------------------------------------------------------


def _absolute(value: object) -> dt.datetime | None:
    """Return a FIT date-time as an aware datetime, or None when not absolute."""
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        if moment >= _FIT_EPOCH + dt.timedelta(seconds=FIT_DATETIME_MIN):
            return moment.astimezone(dt.UTC)
    return None


def _start_of(message: fitdecode.FitDataMessage) -> dt.datetime | None:
    """Return the activity start a message states, if it states one."""
    name = message.name
    if name in _START_MESSAGES:
        return _absolute(message.get_value("start_time", fallback=None))
    if name == "record":
        return _absolute(message.get_value("timestamp", fallback=None))
    if (
        name == "event"
        and message.get_value("event", fallback=None) == "timer"
        and message.get_value("event_type", fallback=None) == "start"
    ):
        return _absolute(message.get_value("timestamp", fallback=None))
    return None


def read_fit_metadata(path: str | os.PathLike[str]) -> FitMetadata:
    """Read an activity's start from the first messages of a FIT file.

    See the module docstring for the rule. The file should have passed
    :func:`validate_fit_file` first (the CRC is not checked here). Raises
    :class:`FitFileError` (``NOT_ACTIVITY``, ``NO_START_TIME``,
    ``UNDECODABLE``, ``NOT_FOUND``, ``UNREADABLE``).
    """
    try:
        with fitdecode.FitReader(
            os.fspath(path),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.RAISE,
        ) as reader:
            start, time_created, count = _scan(reader)
    except FileNotFoundError as err:
        raise FitFileError(FitProblem.NOT_FOUND, "the file does not exist") from err
    except OSError as err:
        msg = f"cannot read the file ({err.strerror or type(err).__name__})"
        raise FitFileError(FitProblem.UNREADABLE, msg) from err
    except (fitdecode.FitError, LookupError, ValueError, struct.error) as err:
        # fitdecode raises FitError for what it detects, and may trip over
        # malformed definitions with lower-level errors.
        msg = f"fitdecode cannot read it ({type(err).__name__}: {err})"
        raise FitFileError(FitProblem.UNDECODABLE, msg[:200]) from err
    if count == 0:
        raise FitFileError(FitProblem.NOT_ACTIVITY, "the file holds no message")
    if start is None:
        msg = "no timer start, record, lap, session or creation time"
        raise FitFileError(FitProblem.NO_START_TIME, msg)
    return FitMetadata(start, time_created, count)


def _scan(
    reader: fitdecode.FitReader,
) -> tuple[dt.datetime | None, dt.datetime | None, int]:
    """Decode frames until the start is known: (start, time_created, messages)."""
    time_created: dt.datetime | None = None
    count = 0
    for frame in reader:
        if frame.frame_type == fitdecode.FIT_FRAME_HEADER and count:
            break  # A chained FIT file: only the first one counts.
        if frame.frame_type != fitdecode.FIT_FRAME_DATA:
            continue
        count += 1
        if count == 1:
            time_created = _file_id(frame)
        elif (start := _start_of(frame)) is not None:
            return start, time_created, count
    return time_created, time_created, count


def _file_id(message: fitdecode.FitDataMessage) -> dt.datetime | None:
    """Check the first message is an activity's ``file_id``; return time_created."""
    if message.name != "file_id":
        msg = f"the first message is {message.name}, not file_id"
        raise FitFileError(FitProblem.NOT_ACTIVITY, msg)
    file_type = message.get_value("type", fallback=None)
    if file_type != _ACTIVITY:
        msg = f"a FIT {file_type or 'file of unknown type'} file, not an activity"
        raise FitFileError(FitProblem.NOT_ACTIVITY, msg)
    return _absolute(message.get_value("time_created", fallback=None))


# --- summary_id and the whole check ----------------------------------------------


def summary_id_for(location: str) -> str:
    """Return the ``summary_id`` of a path or URL: its file name ("" if none)."""
    if "://" in location:
        return unquote(PurePosixPath(urlsplit(location).path).name)
    return Path(location).name


def inspect_fit_file(
    path: str | os.PathLike[str], *, max_size: int | None = None
) -> FitFileInfo:
    """Validate a FIT activity file and read what its ping needs.

    Raises :class:`FitFileError`.
    """
    info = _validate_file(path, max_size)
    metadata = read_fit_metadata(path)
    return FitFileInfo(
        path=os.fspath(path),
        size=info.st_size,
        mtime_ns=info.st_mtime_ns,
        summary_id=summary_id_for(os.fspath(path)),
        start_time=metadata.start_time,
    )
