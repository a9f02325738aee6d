# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The outbox: FIT pings kept in a Store until AI Endurance has them.

One outbox per config entry (account), stored under
``.storage/ai_endurance.outbox.<entry_id>`` (private: it names files and URLs).

What is stored
    Only where each file is (an absolute path or a URL) and the ping's fields,
    never file content: ``summary_id``, start time, source, activity name,
    priority, overwrite mode, the file's size, when it was queued, attempts
    and the last error. Also the ``summary_id`` of files delivered recently
    (:data:`DELIVERED_MAX` of them, for :data:`DELIVERED_TTL`), and when the
    next attempt is due.

No duplicates
    Items are keyed by ``summary_id``: while one waits, submitting the same
    ``summary_id`` again does not add a second one (with ``overwrite_mode``
    the waiting item takes the new fields). Once delivered, the same
    ``summary_id`` is refused as ``already_sent`` unless ``overwrite_mode``
    is set. Only one batch is in flight at a time (a lock), and an item
    leaves the Store only after AI Endurance has answered 2xx.

Nothing lost
    A submitted item is written to the Store before anything is sent, so the
    action's "queued" is durable. After each answer the Store is written
    again. On setup the outbox loads the Store and, once Home Assistant has
    started, resumes. The one window left is a crash between AI Endurance's
    answer and the write that follows: the file would then go out once more
    after the restart (delivery is at least once; AI Endurance keys files by
    ``summary_id`` too).

Batches and memory
    A request carries at most :data:`BATCH_MAX_FILES` files and, past the
    first, at most :data:`BATCH_MAX_BYTES` of FIT data (a larger file goes
    alone). Files are read, checked and base64-encoded in the executor, one
    batch at a time, so memory holds one batch, whatever the queue's length.
    1.5 MiB of FIT data is about 2 MB of JSON: AI Endurance runs Django, whose
    default request-body limit is 2.5 MB; it documents no limit of its own.

Failures and retries
    Connection errors and timeouts, 5xx, 429, a token refresh that failed for
    a transient reason: the items stay, and the outbox retries after an
    exponential backoff with jitter: attempt ``n`` waits a random time
    between half and all of ``min(RETRY_MAX, RETRY_BASE * 2 ** (n - 1))``
    (15-30 s, 30-60 s, ... up to 30-60 min). A ``Retry-After`` from the
    server (429, 503) is honoured instead: the next attempt waits that long
    (at most :data:`RETRY_AFTER_MAX`) plus up to 10 % jitter, and until then
    new submissions are queued without a request. An authentication failure
    (a refused token refresh, or a 401 again after the client's one forced
    refresh and retry) keeps the items, starts reauthentication and retries
    on the same backoff (after reauthentication the entry reloads and the
    outbox resumes at once). A ping AI Endurance refuses (other 4xx) cannot succeed by
    retrying: a batch is split to find the refused file, which is dropped
    with its reason, the others go on. So is a queued file that is no longer
    a valid FIT file (too large, not FIT, CRC) when its turn comes, and an
    item the Store holds that no ping can be built from (``invalid_item``).

Files missing for a while
    A queued file that is missing or unreadable when its turn comes (a NAS
    or USB share not mounted yet after a restart) stays queued, with the
    reason ``file_missing``, and is retried on the backoff above while the
    others go on. Only once it has waited :data:`UNAVAILABLE_FILE_GRACE`
    since it was queued (``queued_at``) is it dropped as
    ``file_unavailable``, with one warning naming its path.

Listeners
    :meth:`FitOutbox.async_add_listener` registers a callback run whenever the
    waiting count or the retry state changes (the pending-uploads sensor).
"""

import asyncio
from collections.abc import Callable, Iterable, Sequence
import contextlib
from dataclasses import asdict, dataclass, field
import datetime as dt
from enum import StrEnum
import logging
import os
import random
from typing import Any, Final, NotRequired, TypedDict

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .api.client import AIEnduranceClient
from .api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceConnectionError,
    AIEnduranceError,
    AIEnduranceRateLimitError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
)
from .api.models import FitFilePing
from .const import DOMAIN
from .fit import MAX_FIT_FILE_SIZE, FitFileError, FitProblem, validate_fit_bytes

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
BATCH_MAX_FILES: Final = 10
"""Most files in one ping request."""
BATCH_MAX_BYTES: Final = 1536 * 1024
"""Most bytes of FIT data in one ping request, unless a single file is larger."""
RETRY_BASE: Final = 30.0
"""Seconds: the first retry's backoff (before jitter)."""
RETRY_MAX: Final = 3600.0
"""Seconds: the longest backoff (before jitter)."""
RETRY_AFTER_MAX: Final = 86400.0
"""Seconds: the longest ``Retry-After`` honoured."""
DELIVERED_MAX: Final = 5000
"""How many delivered ``summary_id`` are remembered."""
DELIVERED_TTL: Final = dt.timedelta(days=90)
"""How long a delivered ``summary_id`` is remembered."""
UNAVAILABLE_FILE_GRACE: Final = dt.timedelta(days=7)
"""How long a queued file may be missing or unreadable before it is dropped."""
_RECENT_REJECTIONS: Final = 200
_TRANSIENT_FILE_PROBLEMS: Final = frozenset(
    {FitProblem.NOT_FOUND, FitProblem.UNREADABLE}
)


def storage_key(entry_id: str) -> str:
    """Return the Store key of an entry's outbox."""
    return f"{DOMAIN}.outbox.{entry_id}"


class Status(StrEnum):
    """What happened to a submitted file."""

    SENT = "sent"
    QUEUED = "queued"
    REJECTED = "rejected"


class Reason(StrEnum):
    """Why a file is queued or rejected."""

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


_HOLDING_REASONS: Final = frozenset({Reason.RATE_LIMITED, Reason.SERVER_ERROR})


@dataclass(slots=True, kw_only=True)
class OutboxItem:
    """One file waiting to be pinged: where it is and the ping's fields."""

    summary_id: str
    location: str
    """An absolute path, or the http(s) URL AI Endurance downloads it from."""
    start_time: int
    """Unix time stamp of the activity's start."""
    source: str
    activity_name: str | None = None
    priority: int = 1
    overwrite_mode: bool = False
    size: int = 0
    """Bytes of a local file when it was checked (0 for a URL)."""
    mtime_ns: int = 0
    """Modification time of a local file when it was checked (0: unknown)."""
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


class StoredOutbox(TypedDict):
    """The Store's content."""

    pending: list[dict[str, Any]]
    delivered: dict[str, float]
    retry_at: NotRequired[float | None]
    failures: NotRequired[int]
    hold: NotRequired[bool]
    reason: NotRequired[str | None]


async def async_remove_outbox(hass: HomeAssistant, entry_id: str) -> None:
    """Delete the Store of an entry's outbox (the entry is removed)."""
    await Store[StoredOutbox](
        hass, STORAGE_VERSION, storage_key(entry_id)
    ).async_remove()


@dataclass(frozen=True, slots=True)
class OutboxResult:
    """The fate of one submitted file, for the action's response."""

    summary_id: str
    status: Status
    reason: Reason | None = None
    detail: str | None = None
    """AI Endurance's explanation of a refusal, or why a file is unavailable."""


@dataclass(slots=True)
class _Failure:
    """A send that must be retried."""

    reason: Reason
    retry_after: float | None = None


@dataclass(slots=True)
class _Outcomes:
    """Final fates recorded during one delivery pass."""

    results: dict[str, OutboxResult] = field(default_factory=dict)


def backoff_delay(failures: int, retry_after: float | None = None) -> float:
    """Return the seconds to wait after ``failures`` failures in a row (>= 1).

    See the module docstring: exponential with jitter, or ``Retry-After``
    plus up to 10 % when the server sent one.
    """
    if retry_after is not None:
        wait = min(max(retry_after, 0.0), RETRY_AFTER_MAX)
        return wait + random.uniform(0, wait * 0.1)  # noqa: S311 - not crypto
    ceiling = min(RETRY_MAX, RETRY_BASE * 2 ** max(failures - 1, 0))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - not crypto


def _build_ping(item: OutboxItem) -> FitFilePing:
    """Build one ping: a URL as is, a file read, checked and base64-encoded.

    Raises :class:`FitFileError` when the file is gone, unreadable, too large
    or no longer a valid FIT file.
    """
    fields: dict[str, Any] = {
        "summary_id": item.summary_id,
        "start_time": item.start_time,
        "source": item.source,
        "activity_name": item.activity_name,
        "priority": item.priority,
        "overwrite_mode": item.overwrite_mode,
    }
    if item.is_url:
        return FitFilePing.from_url(item.location, **fields)
    try:
        with open(item.location, "rb") as file:  # noqa: PTH123
            info = os.fstat(file.fileno())
            if info.st_size > MAX_FIT_FILE_SIZE:
                msg = f"the file has grown to {info.st_size} bytes"
                raise FitFileError(FitProblem.TOO_LARGE, msg)
            data = file.read()
    except FileNotFoundError as err:
        msg = "the file no longer exists"
        raise FitFileError(FitProblem.NOT_FOUND, msg) from err
    except OSError as err:
        msg = f"cannot read the file ({err.strerror or type(err).__name__})"
        raise FitFileError(FitProblem.UNREADABLE, msg) from err
    if not (
        item.mtime_ns and info.st_mtime_ns == item.mtime_ns and len(data) == item.size
    ):
        # Changed since the action checked it (or never checked): again.
        validate_fit_bytes(data)
    return FitFilePing.from_bytes(data, **fields)


type _Built = FitFilePing | FitFileError | ValueError | TypeError


def _read_batch(items: Sequence[OutboxItem]) -> list[tuple[OutboxItem, _Built]]:
    """Build the pings of a batch, one file at a time (executor only).

    A file problem comes back as its :class:`FitFileError`; an item no ping
    can be built from (a damaged or hand-edited Store) as the ``ValueError``
    or ``TypeError`` of :class:`FitFilePing`.
    """
    built: list[tuple[OutboxItem, _Built]] = []
    for item in items:
        try:
            built.append((item, _build_ping(item)))
        except (FitFileError, ValueError, TypeError) as err:
            built.append((item, err))
    return built


class FitOutbox:
    """The persistent queue of FIT pings of one account."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        client: AIEnduranceClient,
        *,
        start_reauth: Callable[[], None],
        title: str = "",
    ) -> None:
        """Prepare the outbox; :meth:`async_load` reads the Store."""
        self._hass = hass
        self._entry_id = entry_id
        self._client = client
        self._start_reauth = start_reauth
        self._title = title or entry_id
        self._store: Store[StoredOutbox] = Store(
            hass, STORAGE_VERSION, storage_key(entry_id), private=True
        )
        self._pending: dict[str, OutboxItem] = {}
        self._delivered: dict[str, float] = {}
        self._rejected: dict[str, OutboxResult] = {}
        self._lock = asyncio.Lock()
        self._listeners: list[CALLBACK_TYPE] = []
        self._failures = 0
        self._reason: Reason | None = None
        self._retry_at: float | None = None
        self._hold = False
        self._unsub_retry: CALLBACK_TYPE | None = None
        self._unsub_started: CALLBACK_TYPE | None = None
        self._unsub_stop: CALLBACK_TYPE | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    # --- state -------------------------------------------------------------

    @property
    def pending_count(self) -> int:
        """Return how many files wait to be delivered."""
        return len(self._pending)

    @property
    def pending(self) -> tuple[OutboxItem, ...]:
        """Return the waiting items, oldest first."""
        return tuple(self._pending.values())

    @property
    def retry_at(self) -> dt.datetime | None:
        """Return when the next attempt is due (None: none scheduled)."""
        if self._retry_at is None:
            return None
        return dt.datetime.fromtimestamp(self._retry_at, dt.UTC)

    @property
    def last_error(self) -> Reason | None:
        """Return why the last attempt failed (None: it did not)."""
        return self._reason

    def was_delivered(self, summary_id: str) -> bool:
        """Return whether ``summary_id`` was delivered recently."""
        return summary_id in self._delivered

    @callback
    def async_add_listener(self, listener: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``listener`` whenever the state changes; return the remover."""
        self._listeners.append(listener)

        @callback
        def remove() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return remove

    @callback
    def _notify(self) -> None:
        for listener in list(self._listeners):
            listener()

    # --- Store -------------------------------------------------------------

    async def async_load(self) -> None:
        """Read the Store (items left from before a restart)."""
        data = await self._store.async_load()
        if not data:
            return
        now = dt_util.utcnow().timestamp()
        for raw in data.get("pending") or []:
            try:
                item = OutboxItem.from_dict(raw)
            except (KeyError, TypeError, ValueError) as err:
                _LOGGER.warning("Dropping an unreadable outbox item: %s", err)
                continue
            if item.queued_at <= 0:
                item.queued_at = now  # Unknown: the grace period starts now.
            self._pending[item.summary_id] = item
        delivered = data.get("delivered") or {}
        self._delivered = {
            str(k): float(v) for k, v in delivered.items() if isinstance(v, int | float)
        }
        self._failures = int(data.get("failures") or 0)
        retry_at = data.get("retry_at")
        self._retry_at = float(retry_at) if isinstance(retry_at, int | float) else None
        self._hold = bool(data.get("hold"))
        self._reason = _reason(data.get("reason"))
        if self._pending:
            _LOGGER.debug(
                "%s: %d FIT file(s) waiting from before",
                self._title,
                len(self._pending),
            )

    def _stored(self) -> StoredOutbox:
        self._prune_delivered()
        return {
            "pending": [item.to_dict() for item in self._pending.values()],
            "delivered": dict(self._delivered),
            "retry_at": self._retry_at,
            "failures": self._failures,
            "hold": self._hold,
            "reason": self._reason,
        }

    def _prune_delivered(self) -> None:
        oldest = dt_util.utcnow().timestamp() - DELIVERED_TTL.total_seconds()
        for summary_id, when in list(self._delivered.items()):
            if when >= oldest and len(self._delivered) <= DELIVERED_MAX:
                break
            del self._delivered[summary_id]

    async def _async_save(self) -> None:
        await self._store.async_save(self._stored())

    # --- life cycle --------------------------------------------------------

    @callback
    def async_start(self) -> None:
        """Resume: deliver what waits once Home Assistant has started."""
        self._stopping = False

        @callback
        def started(_hass: HomeAssistant) -> None:
            self._unsub_started = None
            if not self._pending:
                return
            now = dt_util.utcnow().timestamp()
            # After an authentication failure the entry was set up again
            # (reauthentication reloads it): try the new token at once.
            waiting = self._reason is not Reason.AUTH_FAILED
            if waiting and self._retry_at is not None and self._retry_at > now:
                self._schedule(self._retry_at - now)
            else:
                self._start_flush()

        self._unsub_started = async_at_started(self._hass, started)
        self._unsub_stop = self._hass.bus.async_listen_once(
            EVENT_HOMEASSISTANT_STOP, self._async_hass_stop
        )

    async def _async_hass_stop(self, _event: Event) -> None:
        self._unsub_stop = None
        await self.async_stop()

    async def async_stop(self) -> None:
        """Stop: no new attempt; the batch in flight finishes; write the Store."""
        self._stopping = True
        for unsub in (self._unsub_started, self._unsub_retry, self._unsub_stop):
            if unsub is not None:
                unsub()
        self._unsub_started = self._unsub_retry = self._unsub_stop = None
        if (task := self._task) is not None and not task.done():
            # The loop ends after the batch in flight (bounded by the client's
            # timeout); the lock is free once it has.
            with contextlib.suppress(asyncio.CancelledError):
                await task
        async with self._lock:
            await self._async_save()

    # --- submit ------------------------------------------------------------

    async def async_submit(self, items: Sequence[OutboxItem]) -> list[OutboxResult]:
        """Queue files durably, try to deliver them now, and say what happened.

        Returns one result per item, in order: ``sent``, ``queued`` (with the
        reason it could not go now; it will be retried) or ``rejected`` (with
        the reason: ``already_sent``, ``refused`` by AI Endurance with its
        ``detail``, or ``file_unavailable``). Delivery problems never raise:
        the items are written to the Store before anything is sent.
        """
        early: dict[str, OutboxResult] = {}
        own: list[str] = []
        async with self._lock:
            now = dt_util.utcnow().timestamp()
            for item in items:
                sid = item.summary_id
                waiting = self._pending.get(sid)
                if waiting is not None:
                    if item.overwrite_mode:
                        item.queued_at = waiting.queued_at
                        self._pending[sid] = item
                    own.append(sid)
                    continue
                if sid in self._delivered and not item.overwrite_mode:
                    early[sid] = OutboxResult(sid, Status.REJECTED, Reason.ALREADY_SENT)
                    continue
                self._rejected.pop(sid, None)
                item.queued_at = now
                self._pending[sid] = item
                own.append(sid)
            if own:
                await self._async_save()
        if own:
            self._notify()
        outcomes = _Outcomes()
        if own and not self._held():
            await self._async_deliver(set(own), outcomes)
        if self._pending and not self._stopping and self._unsub_retry is None:
            self._start_flush()
        return [
            early.get(item.summary_id)
            or outcomes.results.get(item.summary_id)
            or self._result_of(item.summary_id)
            for item in items
        ]

    def _held(self) -> bool:
        """Whether the server asked to wait (Retry-After) and the time is not up."""
        return (
            self._hold
            and self._retry_at is not None
            and self._retry_at > dt_util.utcnow().timestamp()
        )

    def _result_of(self, summary_id: str) -> OutboxResult:
        if (item := self._pending.get(summary_id)) is not None:
            reason = _reason(item.last_error) or self._reason or Reason.WAITING
            return OutboxResult(summary_id, Status.QUEUED, reason)
        if (rejected := self._rejected.get(summary_id)) is not None:
            return rejected
        return OutboxResult(summary_id, Status.SENT)

    # --- delivery ----------------------------------------------------------

    async def async_flush(self) -> None:
        """Try to deliver everything that waits, now."""
        await self._async_deliver(None, _Outcomes())

    @callback
    def _start_flush(self) -> None:
        """Deliver in a task, unless one runs already."""
        if self._stopping or (self._task is not None and not self._task.done()):
            return
        self._task = self._hass.async_create_task(
            self._async_flush_task(),
            f"{DOMAIN} outbox {self._entry_id}",
            eager_start=False,
        )

    async def _async_flush_task(self) -> None:
        try:
            await self._async_deliver(None, _Outcomes())
        finally:
            self._task = None

    @callback
    def _schedule(self, delay: float) -> None:
        if self._unsub_retry is not None:
            self._unsub_retry()
        if self._stopping:
            self._unsub_retry = None
            return

        @callback
        def retry(_now: dt.datetime) -> None:
            self._unsub_retry = None
            self._start_flush()

        self._unsub_retry = async_call_later(self._hass, delay, retry)

    async def _async_deliver(self, only: set[str] | None, outcomes: _Outcomes) -> None:
        """Send batch after batch until done, stopped or a failure.

        A file missing for now is skipped for the rest of the pass; if any
        still waits at the end, the pass counts as a failure (backoff).
        """
        skipped: set[str] = set()
        failure: _Failure | None
        while not self._stopping:
            async with self._lock:
                batch = self._next_batch(only, skipped)
                if not batch:
                    missing = [
                        self._pending[sid] for sid in skipped if sid in self._pending
                    ]
                    if not missing:
                        return
                    failure = _Failure(Reason.FILE_MISSING)
                    self._failed(missing, failure)
                    await self._async_save()
                else:
                    before = len(skipped)
                    failure = await self._async_send(batch, outcomes, skipped)
                    if failure is not None:
                        self._failed(
                            [i for i in batch if i.summary_id not in skipped], failure
                        )
                    elif len(skipped) - before < len(batch):
                        self._succeeded()
                    await self._async_save()
            self._notify()
            if failure is not None:
                return

    def _next_batch(self, only: set[str] | None, skip: set[str]) -> list[OutboxItem]:
        batch: list[OutboxItem] = []
        size = 0
        for item in self._pending.values():
            if item.summary_id in skip or (
                only is not None and item.summary_id not in only
            ):
                continue
            if batch and (
                len(batch) >= BATCH_MAX_FILES or size + item.size > BATCH_MAX_BYTES
            ):
                break
            batch.append(item)
            size += item.size
        return batch

    async def _async_send(
        self, batch: list[OutboxItem], outcomes: _Outcomes, skipped: set[str]
    ) -> _Failure | None:
        """Send one batch; record final fates; return a failure to retry.

        Adds to ``skipped`` the items whose file is missing for now.
        """
        for item in batch:
            item.attempts += 1
        built = await self._hass.async_add_executor_job(_read_batch, batch)
        pings: list[FitFilePing] = []
        sent: list[OutboxItem] = []
        for item, ping in built:
            if isinstance(ping, FitFilePing):
                pings.append(ping)
                sent.append(item)
            else:
                self._not_built(item, ping, outcomes, skipped)
        del built
        if not pings:
            return None
        try:
            await self._client.ping_fit_files(pings)
        except AIEnduranceRequestError as err:
            del pings
            return await self._async_refused(sent, err, outcomes)
        except AIEnduranceError as err:
            if isinstance(err, AIEnduranceResponseError) and _is_2xx(err.status):
                _LOGGER.debug("%s: ping accepted, odd answer: %s", self._title, err)
            else:
                return self._failure_of(err)
        except Exception as err:  # The outbox must survive anything.
            _LOGGER.warning(
                "%s: unexpected error pinging FIT files (%s), will retry",
                self._title,
                type(err).__name__,
                exc_info=True,
            )
            return _Failure(Reason.UNEXPECTED_ERROR)
        for item in sent:
            self._finish(item, OutboxResult(item.summary_id, Status.SENT), outcomes)
        return None

    def _not_built(
        self,
        item: OutboxItem,
        err: FitFileError | ValueError | TypeError,
        outcomes: _Outcomes,
        skipped: set[str],
    ) -> None:
        """Keep a file missing for now (within the grace period); drop the rest."""
        if not isinstance(err, FitFileError):
            _LOGGER.warning(
                "%s: dropping the invalid outbox item %s: %s",
                self._title,
                item.summary_id,
                err,
            )
            self._finish(
                item,
                OutboxResult(item.summary_id, Status.REJECTED, Reason.INVALID_ITEM),
                outcomes,
            )
            return
        if err.problem in _TRANSIENT_FILE_PROBLEMS:
            waited = dt_util.utcnow().timestamp() - item.queued_at
            if waited < UNAVAILABLE_FILE_GRACE.total_seconds():
                _LOGGER.debug(
                    "%s: %s is not available yet (%s); it waits",
                    self._title,
                    item.location,
                    err.detail,
                )
                item.last_error = Reason.FILE_MISSING
                skipped.add(item.summary_id)
                return
        _LOGGER.warning(
            "%s: dropping %s from the outbox: %s",
            self._title,
            item.location,
            err.detail,
        )
        self._finish(
            item,
            OutboxResult(
                item.summary_id, Status.REJECTED, Reason.FILE_UNAVAILABLE, err.detail
            ),
            outcomes,
        )

    async def _async_refused(
        self,
        sent: list[OutboxItem],
        err: AIEnduranceRequestError,
        outcomes: _Outcomes,
    ) -> _Failure | None:
        """Handle a 4xx: find the refused file(s) by sending one at a time."""
        if len(sent) == 1:
            item = sent[0]
            _LOGGER.warning(
                "%s: AI Endurance refused %s (HTTP %s): %s",
                self._title,
                item.summary_id,
                err.status,
                err.detail,
            )
            self._finish(
                item,
                OutboxResult(
                    item.summary_id, Status.REJECTED, Reason.REFUSED, err.detail
                ),
                outcomes,
            )
            return None
        for item in sent:
            item.attempts -= 1  # Counted again below.
            if (failure := await self._async_send([item], outcomes, set())) is not None:
                return failure
        return None

    def _failure_of(self, err: AIEnduranceError) -> _Failure:
        if isinstance(err, AIEnduranceAuthError):
            _LOGGER.warning(
                "%s: AI Endurance refused the credentials; FIT files wait for "
                "reauthentication",
                self._title,
            )
            self._start_reauth()
            return _Failure(Reason.AUTH_FAILED)
        if isinstance(err, AIEnduranceRateLimitError):
            return _Failure(Reason.RATE_LIMITED, err.retry_after)
        if isinstance(err, AIEnduranceServerError):
            return _Failure(Reason.SERVER_ERROR, err.retry_after)
        if isinstance(err, AIEnduranceConnectionError):
            return _Failure(Reason.CONNECTION_ERROR)
        return _Failure(Reason.SERVER_ERROR)

    def _finish(
        self, item: OutboxItem, result: OutboxResult, outcomes: _Outcomes
    ) -> None:
        """Take an item out of the queue with its final fate."""
        self._pending.pop(item.summary_id, None)
        outcomes.results[item.summary_id] = result
        if result.status is Status.SENT:
            self._delivered.pop(item.summary_id, None)
            self._delivered[item.summary_id] = dt_util.utcnow().timestamp()
            self._rejected.pop(item.summary_id, None)
        else:
            self._rejected[item.summary_id] = result
            while len(self._rejected) > _RECENT_REJECTIONS:
                del self._rejected[next(iter(self._rejected))]

    def _succeeded(self) -> None:
        self._failures = 0
        self._reason = None
        self._hold = False
        self._retry_at = None
        if self._unsub_retry is not None:
            self._unsub_retry()
            self._unsub_retry = None

    def _failed(self, batch: Iterable[OutboxItem], failure: _Failure) -> None:
        self._failures += 1
        self._reason = failure.reason
        for item in batch:
            if item.summary_id in self._pending:
                item.last_error = failure.reason
        delay = backoff_delay(self._failures, failure.retry_after)
        self._hold = failure.retry_after is not None and failure.reason in (
            _HOLDING_REASONS
        )
        self._retry_at = dt_util.utcnow().timestamp() + delay
        _LOGGER.info(
            "%s: %d FIT file(s) wait (%s); next attempt in %.0f s",
            self._title,
            len(self._pending),
            failure.reason,
            delay,
        )
        self._schedule(delay)


def _reason(value: object) -> Reason | None:
    """Read a stored reason; None when unknown."""
    try:
        return Reason(str(value)) if value else None
    except ValueError:
        return None


def _is_2xx(status: int | None) -> bool:
    return status is not None and 200 <= status < 300  # noqa: PLR2004
