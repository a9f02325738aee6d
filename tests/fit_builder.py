# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Build small FIT files by hand, damage real ones, read them with fitdecode."""

from collections.abc import Sequence
from dataclasses import dataclass
import datetime as dt
from pathlib import Path
import struct

import fitdecode

from custom_components.ai_endurance.fit import fit_crc16

FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)

ENUM = 0x00
UINT8 = 0x02
UINT16 = 0x84
UINT32 = 0x86

FILE_ID = 0
SESSION = 18
LAP = 19
RECORD = 20
EVENT = 21

FILE_TYPE_ACTIVITY = 4
FILE_TYPE_SETTINGS = 2

_FORMATS = {ENUM: "B", UINT8: "B", UINT16: "H", UINT32: "I"}


def fit_time(moment: dt.datetime) -> int:
    """Return a FIT date-time value (seconds since 1989-12-31 UTC)."""
    return int((moment - FIT_EPOCH).total_seconds())


@dataclass(frozen=True)
class Message:
    """A data message: global number and (field number, base type, value)."""

    global_num: int
    fields: Sequence[tuple[int, int, int]]


def file_id(file_type: int = FILE_TYPE_ACTIVITY, created: int | None = None) -> Message:
    """Return a file_id message (manufacturer development, type, time_created)."""
    fields = [(0, ENUM, file_type), (1, UINT16, 255)]
    if created is not None:
        fields.append((4, UINT32, created))
    return Message(FILE_ID, fields)


def record(timestamp: int) -> Message:
    """Return a record message with a timestamp and a heart rate."""
    return Message(RECORD, [(253, UINT32, timestamp), (3, UINT8, 120)])


def timer_start(timestamp: int) -> Message:
    """Return a timer start event."""
    return Message(EVENT, [(253, UINT32, timestamp), (0, ENUM, 0), (1, ENUM, 0)])


def session(start: int, timestamp: int) -> Message:
    """Return a session message with its start time."""
    return Message(SESSION, [(253, UINT32, timestamp), (2, UINT32, start)])


def build_fit(
    messages: Sequence[Message], *, header_size: int = 14, header_crc: bool = True
) -> bytes:
    """Return a valid FIT file holding ``messages`` (one local type per message)."""
    body = bytearray()
    for index, message in enumerate(messages):
        local = index % 16
        body += struct.pack(
            "<BBBHB", 0x40 | local, 0, 0, message.global_num, len(message.fields)
        )
        for number, base_type, _ in message.fields:
            size = struct.calcsize(_FORMATS[base_type])
            body += struct.pack("<BBB", number, size, base_type)
        body.append(local)
        for _, base_type, value in message.fields:
            body += struct.pack("<" + _FORMATS[base_type], value)
    return wrap(bytes(body), header_size=header_size, header_crc=header_crc)


def wrap(body: bytes, *, header_size: int = 14, header_crc: bool = True) -> bytes:
    """Put a FIT header and the file CRC around ``body``."""
    header = struct.pack("<BBHI4s", header_size, 0x20, 2132, len(body), b".FIT")
    if header_size == 14:
        header += struct.pack("<H", fit_crc16(header) if header_crc else 0)
    data = header + body
    return data + struct.pack("<H", fit_crc16(data))


def flip(data: bytes, offset: int) -> bytes:
    """Return ``data`` with the byte at ``offset`` inverted."""
    damaged = bytearray(data)
    damaged[offset] ^= 0xFF
    return bytes(damaged)


def first_session_start(path: str | Path) -> dt.datetime:
    """Read the whole file with fitdecode: the first session's start_time."""
    with fitdecode.FitReader(str(path)) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA and frame.name == "session":
                start: dt.datetime = frame.get_value("start_time")
                return start
    msg = f"no session in {path}"
    raise AssertionError(msg)
