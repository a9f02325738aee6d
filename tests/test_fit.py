# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""FIT validation and metadata: real recordings and damaged or hand-made files."""

from collections.abc import Callable
import datetime as dt
from pathlib import Path
from typing import Any
from unittest.mock import patch

from fitdecode.utils import compute_crc
import pytest

from custom_components.ai_endurance import fit
from custom_components.ai_endurance.fit import (
    FitFileError,
    FitProblem,
    fit_crc16,
    inspect_fit_file,
    read_fit_metadata,
    summary_id_for,
    validate_fit_bytes,
    validate_fit_file,
)

from .fit_builder import (
    FILE_TYPE_SETTINGS,
    Message,
    build_fit,
    file_id,
    first_session_start,
    fit_time,
    flip,
    record,
    session,
    timer_start,
    wrap,
)

FIXTURES = Path(__file__).parent / "fixtures" / "fit"
ACTIVITIES = sorted(
    path.name
    for path in FIXTURES.glob("*.fit")
    if path.name not in {"MonitoringFile.fit", "Settings.fit"}
)
START = dt.datetime(2026, 11, 20, 7, 30, tzinfo=dt.UTC)


def write(tmp_path: Path, data: bytes, name: str = "ride.fit") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(check: Callable[..., object], *args: object, **kwargs: Any) -> FitFileError:
    """Return the FitFileError that ``check(*args, **kwargs)`` raises."""
    with pytest.raises(FitFileError) as err:
        check(*args, **kwargs)
    return err.value


# --- CRC --------------------------------------------------------------------


def test_crc_check_value() -> None:
    """CRC-16/ARC (the FIT CRC) of "123456789" is 0xBB3D."""
    assert fit_crc16(b"123456789") == 0xBB3D
    assert fit_crc16(b"") == 0


def test_crc_matches_fitdecode_and_continues() -> None:
    data = bytes((n * 7919 + n // 13) % 256 for n in range(10_001))  # odd length
    expected = compute_crc(data)
    assert fit_crc16(data) == expected
    assert fit_crc16(data[4001:], fit_crc16(data[:4001])) == expected
    assert fit_crc16(memoryview(data)) == expected


# --- real recordings ----------------------------------------------------------


@pytest.mark.parametrize("name", ACTIVITIES)
def test_real_activities(name: str) -> None:
    """Every real activity passes; its start is the first session's start_time."""
    path = FIXTURES / name
    info = inspect_fit_file(path)
    assert info.size == path.stat().st_size
    assert info.summary_id == name
    assert info.path == str(path)
    assert info.start_time == first_session_start(path)
    assert info.start_time.tzinfo is dt.UTC
    metadata = read_fit_metadata(path)
    assert metadata.messages_read <= 4  # stops early, sessions come last


def test_time_created_is_not_the_start() -> None:
    """The Fenix 2 writes time_created when the file is written: 47 min late."""
    metadata = read_fit_metadata(FIXTURES / "activity-small-fenix2-run.fit")
    assert metadata.time_created == dt.datetime(2015, 8, 15, 15, 32, 41, tzinfo=dt.UTC)
    assert metadata.start_time == dt.datetime(2015, 8, 15, 14, 45, 8, tzinfo=dt.UTC)


@pytest.mark.parametrize("name", ["MonitoringFile.fit", "Settings.fit"])
def test_real_non_activities(name: str) -> None:
    validate_fit_file(FIXTURES / name)  # valid FIT files...
    error = refusal(inspect_fit_file, FIXTURES / name)  # ...but not activities
    assert error.problem is FitProblem.NOT_ACTIVITY
    assert "not an activity" in error.detail


def test_twelve_byte_header_and_unset_header_crc() -> None:
    """Activity.fit has a 12-byte header; the Edge 810's header CRC is 0."""
    assert (FIXTURES / "Activity.fit").read_bytes()[0] == 12
    edge = (FIXTURES / "Edge810-Vector-2013-08-16-15-35-10.fit").read_bytes()
    assert edge[0] == 14
    assert edge[12:14] == b"\0\0"
    validate_fit_bytes(edge)


# --- damaged files ----------------------------------------------------------------


def problem_of(tmp_path: Path, data: bytes, **kwargs: int) -> FitProblem:
    error = refusal(inspect_fit_file, write(tmp_path, data), **kwargs)
    error_bytes = refusal(validate_fit_bytes, data, **kwargs)
    if error.problem not in {FitProblem.NOT_ACTIVITY, FitProblem.NO_START_TIME}:
        assert error_bytes.problem is error.problem
    assert error.detail in str(error)
    return error.problem


REAL = (FIXTURES / "garmin-fenix-5-run.fit").read_bytes()


def with_data_size(data: bytes, size: int) -> bytes:
    """Return ``data`` whose header announces ``size`` data bytes (header CRC ok)."""
    header = data[:4] + size.to_bytes(4, "little") + data[8:12]
    return header + fit_crc16(header).to_bytes(2, "little") + data[14:]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", FitProblem.EMPTY),
        (b"This is a text file, not a recording.\n", FitProblem.NOT_FIT),
        (b"\x0e\x10", FitProblem.NOT_FIT),  # shorter than a header
        (bytes([13]) + REAL[1:], FitProblem.NOT_FIT),  # header size 13
        (REAL[:8] + b".TXT" + REAL[12:], FitProblem.NOT_FIT),  # signature
        (with_data_size(REAL, len(REAL)), FitProblem.SIZE_MISMATCH),  # data size
        (with_data_size(REAL, len(REAL) - 30), FitProblem.CRC),  # ends early
        (flip(REAL, 12), FitProblem.HEADER_CRC),
        (flip(REAL, 2000), FitProblem.CRC),  # a byte of a record
        (flip(REAL, len(REAL) - 1), FitProblem.CRC),  # the file CRC itself
        (REAL[:-100], FitProblem.SIZE_MISMATCH),  # truncated
        (REAL + b"\0" * 16, FitProblem.SIZE_MISMATCH),  # trailing bytes
        (REAL + REAL[:20], FitProblem.SIZE_MISMATCH),  # a truncated chained file
    ],
    ids=[
        "empty",
        "text",
        "short",
        "header-size",
        "signature",
        "data-size",
        "data-size-short",
        "header-crc",
        "crc",
        "crc-bytes",
        "truncated",
        "trailing",
        "chained-truncated",
    ],
)
def test_damaged(tmp_path: Path, data: bytes, problem: FitProblem) -> None:
    assert problem_of(tmp_path, data) is problem


def test_chained_files_are_accepted(tmp_path: Path) -> None:
    data = REAL + (FIXTURES / "Activity.fit").read_bytes()
    info = inspect_fit_file(write(tmp_path, data))
    assert info.start_time == first_session_start(FIXTURES / "garmin-fenix-5-run.fit")


def test_too_large(tmp_path: Path) -> None:
    """The limit is checked before reading; patching the constant moves it."""
    path = write(tmp_path, REAL)
    with patch.object(fit, "MAX_FIT_FILE_SIZE", len(REAL) - 1):
        assert refusal(inspect_fit_file, path).problem is FitProblem.TOO_LARGE
        assert refusal(validate_fit_bytes, REAL).problem is FitProblem.TOO_LARGE
    assert problem_of(tmp_path, REAL, max_size=100) is FitProblem.TOO_LARGE
    assert fit.MAX_FIT_FILE_SIZE == 50 * 1024 * 1024
    inspect_fit_file(path, max_size=len(REAL))


def test_missing_directory_unreadable(tmp_path: Path) -> None:
    missing = refusal(inspect_fit_file, tmp_path / "missing.fit")
    assert missing.problem is FitProblem.NOT_FOUND
    assert refusal(inspect_fit_file, tmp_path).problem is FitProblem.NOT_A_FILE
    path = write(tmp_path, REAL)
    with (
        patch("builtins.open", side_effect=PermissionError(13, "Permission denied")),
        pytest.raises(FitFileError) as err,
    ):
        validate_fit_file(path)
    assert err.value.problem is FitProblem.UNREADABLE
    assert "Permission denied" in err.value.detail


def test_fifo_is_not_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.fit"
    fifo.touch()
    with (
        patch("os.fstat", return_value=type("S", (), {"st_mode": 0o10644})()),
        pytest.raises(FitFileError) as err,
    ):
        validate_fit_file(fifo)
    assert err.value.problem is FitProblem.NOT_A_FILE


def test_file_shrinks_while_read(tmp_path: Path) -> None:
    path = write(tmp_path, REAL)
    real_fstat = __import__("os").fstat

    def bigger(fd: int) -> object:
        stat = real_fstat(fd)
        return type("S", (), {"st_mode": stat.st_mode, "st_size": len(REAL) + 50})()

    path.write_bytes(with_data_size(REAL, len(REAL) - 14 - 2 + 50))
    with patch("os.fstat", bigger), pytest.raises(FitFileError) as err:
        validate_fit_file(path)
    assert err.value.problem is FitProblem.SIZE_MISMATCH
    assert "could not read" in err.value.detail


# --- hand-made files: the start-time rule -------------------------------------------


def meta(tmp_path: Path, *messages: Message, **kwargs: bool | int) -> fit.FitMetadata:
    path = write(tmp_path, build_fit(messages, **kwargs))  # type: ignore[arg-type]
    validate_fit_file(path)
    return read_fit_metadata(path)


def test_start_from_first_record(tmp_path: Path) -> None:
    start = fit_time(START)
    result = meta(
        tmp_path,
        file_id(created=start + 3600),
        record(start),
        record(start + 1),
        session(start - 5, start + 10),
    )
    assert result.start_time == START
    assert result.time_created == START + dt.timedelta(hours=1)
    assert result.messages_read == 2


def test_start_from_timer_event(tmp_path: Path) -> None:
    start = fit_time(START)
    result = meta(tmp_path, file_id(created=start), timer_start(start + 7))
    assert result.start_time == START + dt.timedelta(seconds=7)


def test_start_from_session_when_nothing_earlier(tmp_path: Path) -> None:
    start = fit_time(START)
    stop_event = Message(21, [(253, 0x86, start), (0, 0x00, 0), (1, 0x00, 4)])
    result = meta(tmp_path, file_id(), stop_event, session(start - 60, start))
    assert result.start_time == START - dt.timedelta(minutes=1)
    assert result.time_created is None


def test_start_falls_back_to_time_created(tmp_path: Path) -> None:
    created = fit_time(START)
    result = meta(tmp_path, file_id(created=created), header_size=12)
    assert result.start_time == START
    assert result.messages_read == 1


def test_relative_times_are_ignored(tmp_path: Path) -> None:
    """Date-times below 0x10000000 count from power-on: not a start."""
    created = fit_time(START)
    result = meta(tmp_path, file_id(created=created), record(1000))
    assert result.start_time == START


def test_relative_datetimes_are_not_absolute() -> None:
    """fitdecode leaves device-relative values as numbers; a datetime may slip by."""
    relative = fit._FIT_EPOCH + dt.timedelta(seconds=fit.FIT_DATETIME_MIN - 1)
    assert fit._absolute(relative) is None
    assert fit._absolute(1000) is None
    assert fit._absolute(START.replace(tzinfo=None)) == START


def test_no_start_time(tmp_path: Path) -> None:
    error = refusal(meta, tmp_path, file_id(), record(5))
    assert error.problem is FitProblem.NO_START_TIME


def test_not_activity_variants(tmp_path: Path) -> None:
    start = fit_time(START)
    for messages in (
        [file_id(FILE_TYPE_SETTINGS, start), record(start)],
        [record(start), file_id(created=start)],
        [Message(0, [(1, 0x84, 255)]), record(start)],  # file_id without type
        [],
    ):
        error = refusal(meta, tmp_path, *messages, header_crc=False)
        assert error.problem is FitProblem.NOT_ACTIVITY


def test_only_the_first_chained_file_counts(tmp_path: Path) -> None:
    start = fit_time(START)
    first = build_fit([file_id(created=start)])
    second = build_fit([file_id(created=start + 999), record(start + 999)])
    path = write(tmp_path, first + second)
    validate_fit_file(path)
    assert read_fit_metadata(path).start_time == START


def test_undecodable(tmp_path: Path) -> None:
    """A data message of an undefined local type: CRC fine, content not."""
    start = fit_time(START)
    good = build_fit([file_id(created=start)])
    body = good[14:-2] + bytes([5]) + b"\0" * 8
    path = write(tmp_path, wrap(body))
    validate_fit_file(path)
    error = refusal(read_fit_metadata, path)
    assert error.problem is FitProblem.UNDECODABLE
    assert "fitdecode" in error.detail


def test_metadata_read_errors(tmp_path: Path) -> None:
    gone = refusal(read_fit_metadata, tmp_path / "gone.fit")
    assert gone.problem is FitProblem.NOT_FOUND
    assert refusal(read_fit_metadata, tmp_path).problem is FitProblem.UNREADABLE


# --- summary_id ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/media/fit/2026-11-20-run.fit", "2026-11-20-run.fit"),
        ("relative/ride.FIT", "ride.FIT"),
        ("https://files.example/a/b/My%20Run.fit?sig=abc#x", "My Run.fit"),
        ("https://files.example/", ""),
        ("http://files.example", ""),
    ],
)
def test_summary_id(location: str, expected: str) -> None:
    assert summary_id_for(location) == expected
