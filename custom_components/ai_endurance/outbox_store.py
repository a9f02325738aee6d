# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What the FIT outbox keeps, and how it keeps it in Home Assistant's Store.

One Store per config entry, ``.storage/ai_endurance.outbox.<entry_id>``,
private because it names files and URLs. It holds where each waiting file is
and its ping's fields, never file content, so the queue's length costs no
memory; the ``summary_id`` of files delivered recently (to refuse a resend);
and the retry state, so a restart keeps honouring a server's ``Retry-After``.
Whatever cannot be read back is dropped with a warning: a damaged Store must
not stop the outbox from loading.
"""

from dataclasses import asdict, dataclass, field
import datetime as dt
from enum import StrEnum
import logging
from typing import Any, Final, NotRequired, Self, TypedDict

from homeassistant.core import HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
DELIVERED_MAX: Final = 5000
"""How many delivered ``summary_id`` are remembered."""
DELIVERED_TTL: Final = dt.timedelta(days=90)
"""How long a delivered ``summary_id`` is remembered."""


def storage_key(entry_id: str) -> str:
    """Return the Store key of an entry's outbox."""
    return f"{DOMAIN}.outbox.{entry_id}"


class Status(StrEnum):
    """What happened to a submitted file."""

    SENT = "sent"
    QUEUED = "queued"
    REJECTED = "rejected"


class Reason(StrEnum):
    """Why a file is queued or rejected (stored as the last error)."""

    # queued
    CONNECTION_ERROR = "connection_error"
    SERVER_ERROR = "server_error"
    RATE_LIMITED = "rate_limited"
    AUTH_FAILED = "auth_failed"
    UNEXPECTED_ERROR = "unexpected_error"
    WAITING = "waiting"
    FILE_MISSING = "file_missing"
    # rejected
    ALREADY_SENT = "already_sent"
    REFUSED = "refused"
    FILE_UNAVAILABLE = "file_unavailable"
    INVALID_ITEM = "invalid_item"

    @classmethod
    def read(cls, value: object) -> Self | None:
        """Read a stored reason; None when absent or unknown."""
        try:
            return cls(str(value)) if value else None
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class OutboxResult:
    """The fate of one submitted file, for the action's response."""

    summary_id: str
    status: Status
    reason: Reason | None = None
    detail: str | None = None
    """AI Endurance's explanation of a refusal, or why a file is unavailable."""


@dataclass(slots=True, kw_only=True)
class OutboxItem:
    """One file waiting to be pinged: where it is and the ping's fields."""

    summary_id: str
    location: str
    """An absolute path, or the http(s) URL AI Endurance downloads it from."""
    start_time: int
    """Unix time stamp of the activity's start."""
    source: str
    """Where the recording comes from, as AI Endurance shows it."""
    size: int = 0
    """Bytes of a local file when it was checked (0 for a URL)."""
    mtime_ns: int = 0
    """Modification time of a local file when it was checked (0: unknown)."""
    activity_name: str | None = None
    priority: int = 1
    """1: imported at once; 0: with the next bulk import."""
    overwrite_mode: bool = False
    """Replace an activity AI Endurance has under the same ``summary_id``."""
    queued_at: float = 0.0
    """Unix time it was queued (0: unknown, set when the Store is read)."""
    attempts: int = 0
    last_error: str | None = None

    @property
    def is_url(self) -> bool:
        """Whether AI Endurance downloads the file itself."""
        return self.location.startswith(("https://", "http://"))

    def to_dict(self) -> dict[str, Any]:
        """Return the item as stored."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OutboxItem:
        """Read a stored item; raise ``TypeError``/``KeyError`` when malformed."""
        item = cls(
            summary_id=str(data["summary_id"]),
            location=str(data["location"]),
            start_time=int(data["start_time"]),
            source=str(data["source"]),
            activity_name=data.get("activity_name"),
            priority=int(data.get("priority", 1)),
            overwrite_mode=bool(data.get("overwrite_mode", False)),
            size=int(data.get("size", 0)),
            mtime_ns=int(data.get("mtime_ns", 0)),
            queued_at=float(data.get("queued_at", 0.0)),
            attempts=int(data.get("attempts", 0)),
            last_error=data.get("last_error"),
        )
        if not item.summary_id or not item.location:
            msg = "empty summary_id or location"
            raise ValueError(msg)
        return item


@dataclass(slots=True)
class RetryState:
    """Failures in a row and when the next attempt is due (Unix time)."""

    failures: int = 0
    reason: Reason | None = None
    retry_at: float | None = None
    hold: bool = False
    """The server asked to wait (``Retry-After``): no request before ``retry_at``."""


@dataclass(slots=True)
class OutboxState:
    """Everything the outbox keeps across restarts."""

    pending: dict[str, OutboxItem] = field(default_factory=dict)
    """Waiting items by ``summary_id``, oldest first."""
    delivered: dict[str, float] = field(default_factory=dict)
    """When each recently delivered ``summary_id`` went out, oldest first."""
    retry: RetryState = field(default_factory=RetryState)


class StoredOutbox(TypedDict):
    """The Store's content."""

    pending: list[dict[str, Any]]
    delivered: dict[str, float]
    retry_at: NotRequired[float | None]
    failures: NotRequired[int]
    hold: NotRequired[bool]
    reason: NotRequired[str | None]


class OutboxStore:
    """Reads and writes one entry's :class:`OutboxState`."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        """Prepare the entry's private Store."""
        self._store: Store[StoredOutbox] = Store(
            hass, STORAGE_VERSION, storage_key(entry_id), private=True
        )

    async def async_load(self) -> OutboxState:
        """Read the state; unreadable items are dropped with a warning."""
        state = OutboxState()
        if not (data := await self._store.async_load()):
            return state
        now = dt_util.utcnow().timestamp()
        for raw in data.get("pending") or []:
            try:
                item = OutboxItem.from_dict(raw)
            except (KeyError, TypeError, ValueError) as err:
                _LOGGER.warning("Dropping an unreadable outbox item: %s", err)
                continue
            if item.queued_at <= 0:
                item.queued_at = now  # Unknown: the grace period starts now.
            state.pending[item.summary_id] = item
        delivered = data.get("delivered") or {}
        state.delivered = {
            str(k): float(v) for k, v in delivered.items() if isinstance(v, int | float)
        }
        retry_at = data.get("retry_at")
        state.retry = RetryState(
            failures=int(data.get("failures") or 0),
            reason=Reason.read(data.get("reason")),
            retry_at=float(retry_at) if isinstance(retry_at, int | float) else None,
            hold=bool(data.get("hold")),
        )
        return state

    async def async_save(self, state: OutboxState) -> None:
        """Write the state, forgetting deliveries past the limits first."""
        _prune(state.delivered)
        retry = state.retry
        await self._store.async_save(
            {
                "pending": [item.to_dict() for item in state.pending.values()],
                "delivered": dict(state.delivered),
                "retry_at": retry.retry_at,
                "failures": retry.failures,
                "hold": retry.hold,
                "reason": retry.reason,
            }
        )


def _prune(delivered: dict[str, float]) -> None:
    """Forget deliveries older than :data:`DELIVERED_TTL`, or the most ancient."""
    oldest = dt_util.utcnow().timestamp() - DELIVERED_TTL.total_seconds()
    for summary_id, when in list(delivered.items()):
        if when >= oldest and len(delivered) <= DELIVERED_MAX:
            break
        del delivered[summary_id]


async def async_remove_outbox(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the Store of an entry's outbox (the entry is removed)."""
    await Store[StoredOutbox](
        hass, STORAGE_VERSION, storage_key(entry_id)
    ).async_remove()
