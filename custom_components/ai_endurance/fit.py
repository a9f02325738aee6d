# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""FIT file validation and metadata, for the ``ping_fit_files`` action.

A file is checked before it is queued, so the action can refuse it with a
clear reason instead of AI Endurance refusing it later: the header, sizes and
CRC of every FIT file in the stream, as the FIT SDK's integrity check does,
read in chunks so a file never sits whole in memory; then the start of the
activity from its first messages. fitdecode reads those frame by frame and
stops as soon as the start is known (garmin-fit-sdk decodes a whole file
before returning anything); the CRC is checked here over the raw bytes, so
stopping early loses nothing. Everything is blocking I/O and CPU work, for
the executor; no Home Assistant import.
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
"""Largest FIT file accepted, in bytes, refused before anything is read.

Real recordings take well under 1 MiB per hour of activity, so a multi-day
event stays far below; a larger file is most likely not one activity. It is
also about the most one ping should carry once base64-encoded (AI Endurance
documents no limit of its own).
"""

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
    """Return the same CRC's table for two bytes (one little-endian word) a step.

    128 KiB, built on first use: half the Python-level steps of the byte table.
    """
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
    """Walk the FIT files of a stream of ``total`` bytes, checking each.

    As the FIT SDK's integrity check: a 12- or 14-byte header with ``.FIT``,
    its CRC when not 0 ("not computed"), the announced size within the file
    and the file CRC; chained FIT files are accepted, other trailing bytes not.
    """
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

    The first message must be an activity's ``file_id``. The start is the
    session's ``start_time`` (the first timer start), but devices write the
    session last; so the reader stops at the first message stating that same
    instant: a timer ``start`` event, the first ``record``, or a ``lap`` or
    ``session`` start. Only without any of them is ``file_id.time_created``
    used, which some devices set when the file is written, after the
    activity. Device-relative date-times are ignored. The file should have
    passed :func:`validate_fit_file` first (the CRC is not checked here). Raises
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
