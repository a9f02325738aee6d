# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""FIT file pings: every field checked on construction, content never in a repr."""

import base64
import datetime as dt
from typing import Any

import pytest

from custom_components.ai_endurance.api import FitFilePing

FIT_HEADER = bytes([14, 0x10, 0, 0, 0, 0, 0, 0]) + b".FIT" + b"\x00\x00"


def test_ping_to_json_has_all_fields() -> None:
    ping = FitFilePing.from_url(
        "https://files.example/a.fit",
        summary_id="a.fit",
        start_time=1700000000,
        source="garmin",
    )
    assert ping.to_json() == {
        "file_type": "FIT",
        "activity_name": None,
        "priority": 1,
        "source": "garmin",
        "overwrite_mode": False,
        "start_time_in_seconds": "1700000000",
        "callback_url": "https://files.example/a.fit",
        "summary_id": "a.fit",
    }
    assert not ping.is_inline


def test_ping_from_bytes() -> None:
    content = FIT_HEADER + b"\x01\x02secret-data"
    ping = FitFilePing.from_bytes(
        content,
        summary_id="run.fit",
        start_time=dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC),
        source="home-assistant",
        activity_name="Morning run",
        priority=0,
        overwrite_mode=True,
    )
    assert ping.is_inline
    assert base64.b64decode(ping.callback_url) == content
    body = ping.to_json()
    assert body["start_time_in_seconds"] == "1700000000"
    assert body["priority"] == 0
    assert body["overwrite_mode"] is True
    assert body["activity_name"] == "Morning run"
    assert len(body) == 8
    # The content never reaches repr (and so no log).
    assert ping.callback_url not in repr(ping)
    assert "callback_url" not in repr(ping)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"short",
        b"\x0e" + b"\x00" * 13,
        bytes([13]) + FIT_HEADER[1:],
        bytes([14]) + b"\x00" * 7 + b".FIT",
    ],
)
def test_ping_from_bytes_rejects_non_fit(content: bytes) -> None:
    with pytest.raises(ValueError, match="not a FIT file") as err:
        FitFilePing.from_bytes(content, summary_id="x", start_time=1, source="s")
    assert base64.b64encode(content).decode() not in str(err.value) or not content


def test_ping_from_url_rejects_other_schemes() -> None:
    with pytest.raises(ValueError, match="http or https"):
        FitFilePing.from_url("ftp://x/a.fit", summary_id="x", start_time=1, source="s")


def test_ping_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        FitFilePing.from_url(
            "https://x/a.fit",
            summary_id="x",
            start_time=dt.datetime(2024, 1, 1),  # noqa: DTZ001
            source="s",
        )


BASE: dict[str, Any] = {
    "callback_url": "https://x/a.fit",
    "summary_id": "a.fit",
    "start_time_in_seconds": 1,
    "source": "s",
}


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"callback_url": ""}, ValueError, "callback_url must not be empty"),
        ({"summary_id": 5}, TypeError, "summary_id must be str"),
        ({"source": None}, TypeError, "source must be str"),
        ({"file_type": ""}, ValueError, "file_type must not be empty"),
        ({"activity_name": 3}, TypeError, "activity_name must be str"),
        (
            {"start_time_in_seconds": "1"},
            TypeError,
            "start_time_in_seconds must be int",
        ),
        ({"start_time_in_seconds": True}, TypeError, "must be int, not bool"),
        ({"start_time_in_seconds": -1}, ValueError, "must not be negative"),
        ({"priority": 2}, ValueError, "priority must be 0"),
        ({"priority": 1.0}, TypeError, "priority must be int"),
        ({"overwrite_mode": 0}, TypeError, "overwrite_mode must be bool"),
    ],
)
def test_ping_validation(
    fields: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        FitFilePing(**(BASE | fields))
