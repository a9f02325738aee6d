# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Validation of `POST /api/fit_partner_ping/` bodies, and what is recorded.

Every one of the eight fields of each `activity_files` entry must be present
with the documented type; `callback_url` is either an http(s) URL or the FIT
file itself, base64-encoded, whose decoded bytes must start with a FIT header
(header size byte 12 or 14, ".FIT" at bytes 8..12). Errors name the entry and
the field: `activity_files[0].start_time_in_seconds: must be a string`.
"""

from __future__ import annotations

import base64
from dataclasses import asdict, dataclass
from datetime import datetime
import hashlib
import re
from typing import Any, Final, Literal
from urllib.parse import urlsplit

FILE_FIELDS: Final = (
    "file_type",
    "activity_name",
    "priority",
    "source",
    "overwrite_mode",
    "start_time_in_seconds",
    "callback_url",
    "summary_id",
)
"""The eight required fields of one `activity_files` entry, in documented order."""

_DIGITS: Final = re.compile(r"[0-9]+")
_FIT_HEADER_SIZES: Final = (12, 14)


class PingValidationError(Exception):
    """A ping body the API rejects; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        """Store the problems; the first one is the message."""
        super().__init__(errors[0])
        self.errors = errors


@dataclass(frozen=True, slots=True)
class ReceivedFile:
    """One accepted `activity_files` entry, as recorded (never the content)."""

    received_at: str
    athlete_id: str
    client_id: str
    summary_id: str
    file_type: str
    activity_name: str | None
    priority: int
    source: str
    overwrite_mode: bool
    start_time_in_seconds: str
    callback_kind: Literal["url", "base64"]
    callback_url: str | None
    """The URL when `callback_kind` is "url"; None for inline content."""
    decoded_size: int | None
    """Bytes of the decoded FIT content when `callback_kind` is "base64"."""
    sha256: str | None
    """SHA-256 hex digest of the decoded FIT content, for inline content."""

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class _Callback:
    kind: Literal["url", "base64"]
    url: str | None
    size: int | None
    sha256: str | None


def is_fit_content(data: bytes) -> bool:
    """Return whether `data` starts with a FIT file header."""
    return (
        len(data) >= _FIT_HEADER_SIZES[0]
        and data[0] in _FIT_HEADER_SIZES
        and len(data) >= data[0]
        and data[8:12] == b".FIT"
    )


def _check_callback(value: str, where: str, errors: list[str]) -> _Callback | None:
    if value.startswith(("http://", "https://")):
        parts = urlsplit(value)
        if not parts.hostname:
            errors.append(f"{where}: URL has no host")
            return None
        return _Callback("url", value, None, None)
    if not value:
        errors.append(f"{where}: must be an http(s) URL or base64-encoded FIT content")
        return None
    try:
        data = base64.b64decode(value, validate=True)
    except ValueError:  # binascii.Error, or non-ASCII text
        errors.append(
            f"{where}: neither an http(s) URL nor valid base64-encoded content"
        )
        return None
    if not is_fit_content(data):
        errors.append(f"{where}: the base64 content is not a FIT file (no .FIT header)")
        return None
    return _Callback("base64", None, len(data), hashlib.sha256(data).hexdigest())


def _check_file(  # noqa: C901, PLR0912 (one branch per documented field)
    entry: object, index: int, errors: list[str]
) -> dict[str, Any] | None:
    """Validate one entry; append problems to `errors`; return checked values."""
    prefix = f"activity_files[{index}]"
    if not isinstance(entry, dict):
        errors.append(f"{prefix}: must be an object")
        return None
    before = len(errors)
    missing = [name for name in FILE_FIELDS if name not in entry]
    errors.extend(f"{prefix}.{name}: this field is required" for name in missing)

    def has(name: str) -> bool:
        return name in entry

    if has("file_type") and entry["file_type"] != "FIT":
        errors.append(f'{prefix}.file_type: must be "FIT"')
    if has("activity_name") and not (
        entry["activity_name"] is None or isinstance(entry["activity_name"], str)
    ):
        errors.append(f"{prefix}.activity_name: must be a string or null")
    if has("priority"):
        priority = entry["priority"]
        if isinstance(priority, bool) or not isinstance(priority, int):
            errors.append(f"{prefix}.priority: must be an integer (0 or 1)")
        elif priority not in {0, 1}:
            errors.append(f"{prefix}.priority: must be 0 or 1")
    if has("source") and not isinstance(entry["source"], str):
        errors.append(f"{prefix}.source: must be a string")
    if has("overwrite_mode") and not isinstance(entry["overwrite_mode"], bool):
        errors.append(f"{prefix}.overwrite_mode: must be a boolean")
    if has("start_time_in_seconds"):
        start = entry["start_time_in_seconds"]
        if not isinstance(start, str):
            errors.append(f"{prefix}.start_time_in_seconds: must be a string")
        elif not _DIGITS.fullmatch(start):
            errors.append(
                f"{prefix}.start_time_in_seconds: must be a unix time stamp in digits"
            )
    callback: _Callback | None = None
    if has("callback_url"):
        value = entry["callback_url"]
        if not isinstance(value, str):
            errors.append(f"{prefix}.callback_url: must be a string")
        else:
            callback = _check_callback(value, f"{prefix}.callback_url", errors)
    if has("summary_id"):
        summary_id = entry["summary_id"]
        if not isinstance(summary_id, str):
            errors.append(f"{prefix}.summary_id: must be a string")
        elif not summary_id:
            errors.append(f"{prefix}.summary_id: must not be empty")
    if len(errors) > before or callback is None:
        return None
    return {**{name: entry[name] for name in FILE_FIELDS}, "_callback": callback}


def validate_ping(
    body: object,
    *,
    client_id: str,
    athlete_id: str,
    received_at: datetime,
) -> list[ReceivedFile]:
    """Validate a ping body sent with a token of `client_id`.

    Return the records of the accepted files, or raise `PingValidationError`
    listing every problem (the first is the headline). Pure and CPU-only, so a
    large body can be checked in a worker thread.
    """
    if not isinstance(body, dict):
        raise PingValidationError(["body: must be a JSON object"])
    errors: list[str] = []
    if "client_id" not in body:
        errors.append("client_id: this field is required")
    elif not isinstance(body["client_id"], str):
        errors.append("client_id: must be a string")
    elif body["client_id"] != client_id:
        errors.append("client_id: does not match the client of the access token")
    files = body.get("activity_files")
    checked: list[dict[str, Any] | None] = []
    if "activity_files" not in body:
        errors.append("activity_files: this field is required")
    elif not isinstance(files, list):
        errors.append("activity_files: must be a list")
    elif not files:
        errors.append("activity_files: must not be empty")
    else:
        checked = [_check_file(entry, i, errors) for i, entry in enumerate(files)]
    if errors:
        raise PingValidationError(errors)
    stamp = received_at.isoformat()
    records: list[ReceivedFile] = []
    for values in filter(None, checked):
        callback: _Callback = values["_callback"]
        records.append(
            ReceivedFile(
                received_at=stamp,
                athlete_id=athlete_id,
                client_id=client_id,
                summary_id=values["summary_id"],
                file_type=values["file_type"],
                activity_name=values["activity_name"],
                priority=values["priority"],
                source=values["source"],
                overwrite_mode=values["overwrite_mode"],
                start_time_in_seconds=values["start_time_in_seconds"],
                callback_kind=callback.kind,
                callback_url=callback.url,
                decoded_size=callback.size,
                sha256=callback.sha256,
            )
        )
    return records
