# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The FIT file ping: one announced file, checked before it is sent.

AI Endurance answers a ping with an incomplete or mistyped entry by rejecting
the whole request, so every field is checked on construction. The file or its
signed URL travels in ``callback_url``, which is why it never reaches a repr.
"""

import base64
from dataclasses import dataclass, field
import datetime as dt
from typing import Any, Final, NotRequired, Self, TypedDict, Unpack

_FIT_HEADER_SIZES: Final = (12, 14)


class PingDetails(TypedDict):
    """What a ping says about its file besides where it is (see :class:`FitFilePing`).

    ``start_time``: a unix time stamp or an aware date-time.
    """

    summary_id: str
    start_time: int | dt.datetime
    source: str
    activity_name: NotRequired[str | None]
    priority: NotRequired[int]
    overwrite_mode: NotRequired[bool]


@dataclass(frozen=True, slots=True, kw_only=True)
class FitFilePing:
    """One entry of ``activity_files`` in a FIT file ping.

    ``callback_url`` is where AI Endurance downloads the file, or the file
    itself base64-encoded (see :meth:`from_url` and :meth:`from_bytes`); it is
    left out of ``repr`` so file content and signed URLs never reach a log.
    ``start_time_in_seconds`` is a unix time stamp (sent as a string).
    ``priority`` 1 imports now; 0 waits for a bulk import. A wrong type
    raises ``TypeError``, a bad value ``ValueError``.
    """

    callback_url: str = field(repr=False)
    summary_id: str
    start_time_in_seconds: int
    source: str
    activity_name: str | None = None
    priority: int = 1
    overwrite_mode: bool = False
    file_type: str = "FIT"

    def __post_init__(self) -> None:
        """Check every field, so the server gets a complete ping.

        Raises ``TypeError`` for a wrong type, ``ValueError`` for a bad value.
        """
        for name in ("callback_url", "summary_id", "source", "file_type"):
            _check_type(name, getattr(self, name), str)
            if not getattr(self, name):
                msg = f"FitFilePing.{name} must not be empty"
                raise ValueError(msg)
        if self.activity_name is not None:
            _check_type("activity_name", self.activity_name, str)
        _check_type("start_time_in_seconds", self.start_time_in_seconds, int)
        if self.start_time_in_seconds < 0:
            msg = "FitFilePing.start_time_in_seconds must not be negative"
            raise ValueError(msg)
        _check_type("priority", self.priority, int)
        if self.priority not in {0, 1}:
            msg = "FitFilePing.priority must be 0 (bulk) or 1 (now)"
            raise ValueError(msg)
        _check_type("overwrite_mode", self.overwrite_mode, bool)

    @property
    def is_inline(self) -> bool:
        """Whether ``callback_url`` carries the file itself rather than a URL."""
        return not self.callback_url.startswith(("https://", "http://"))

    @classmethod
    def from_url(cls, url: str, **details: Unpack[PingDetails]) -> Self:
        """Ping a file AI Endurance downloads from ``url`` (http or https)."""
        if not url.startswith(("https://", "http://")):
            msg = "the callback URL must be an http or https URL"
            raise ValueError(msg)
        return cls._of(url, details)

    @classmethod
    def from_bytes(cls, content: bytes, **details: Unpack[PingDetails]) -> Self:
        """Ping a file sent inline: ``content`` base64-encoded in ``callback_url``.

        ``content`` must be a FIT file: its header (12 or 14 bytes, its size in
        the first byte) has ``.FIT`` at bytes 8 to 11.
        """
        if not _is_fit(content):
            msg = "the content is not a FIT file (no .FIT header)"
            raise ValueError(msg)
        return cls._of(base64.b64encode(content).decode("ascii"), details)

    @classmethod
    def _of(cls, callback_url: str, details: PingDetails) -> Self:
        return cls(
            callback_url=callback_url,
            summary_id=details["summary_id"],
            start_time_in_seconds=_timestamp(details["start_time"]),
            source=details["source"],
            activity_name=details.get("activity_name"),
            priority=details.get("priority", 1),
            overwrite_mode=details.get("overwrite_mode", False),
        )

    def to_json(self) -> dict[str, Any]:
        """Return the entry as the API wants it: all eight fields, time as a string."""
        return {
            "file_type": self.file_type,
            "activity_name": self.activity_name,
            "priority": self.priority,
            "source": self.source,
            "overwrite_mode": self.overwrite_mode,
            "start_time_in_seconds": str(self.start_time_in_seconds),
            "callback_url": self.callback_url,
            "summary_id": self.summary_id,
        }


def _is_fit(content: bytes) -> bool:
    """Tell whether ``content`` starts with a FIT file header."""
    return (
        len(content) >= _FIT_HEADER_SIZES[0]
        and content[0] in _FIT_HEADER_SIZES
        and len(content) >= content[0]
        and content[8:12] == b".FIT"
    )


def _timestamp(value: int | dt.datetime) -> int:
    """Turn a unix time stamp or an aware date-time into whole unix seconds."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            msg = "start_time must be time-zone aware"
            raise ValueError(msg)
        return int(value.timestamp())
    return value


def _check_type(name: str, value: object, kind: type) -> None:
    """Raise ``TypeError`` unless ``value`` is exactly a ``kind`` (no bool for int)."""
    if type(value) is not kind:
        msg = f"FitFilePing.{name} must be {kind.__name__}, not {type(value).__name__}"
        raise TypeError(msg)
