# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The FIT outbox: each account's persistent queue of pings to AI Endurance.

An item is written to the Store (:mod:`.outbox_store`) before anything is
sent, so the action's "queued" survives a restart, and leaves it only after
a 2xx: delivery is at least once (a crash between the answer and the write
sends the file again; AI Endurance keys files by ``summary_id`` too). Items
are keyed by ``summary_id``, so a file is never queued twice, and a
delivered one is refused unless ``overwrite_mode`` is set. One lock keeps a
single batch (:mod:`.outbox_files`) in flight; failures wait as
:mod:`.outbox_retry` decides, and a refused batch is split to find the
refused file, so the others go on. Listeners (the pending-uploads sensor)
hear of every change.
"""

import asyncio
from collections.abc import Callable, Iterable, Sequence
import contextlib
import datetime as dt
import logging
from typing import Final

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.start import async_at_started
from homeassistant.util import dt as dt_util

from .api.client import AIEnduranceClient
from .const import DOMAIN
from .outbox_files import next_batch
from .outbox_retry import Failure, RetrySchedule
from .outbox_send import BatchSender
from .outbox_store import (
    OutboxItem,
    OutboxResult,
    OutboxState,
    OutboxStore,
    Reason,
    Status,
)

_LOGGER = logging.getLogger(__name__)

_RECENT_REJECTIONS: Final = 200
"""How many rejections are remembered for a later call's answer."""

type _Results = dict[str, OutboxResult]


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
        self._start_reauth = start_reauth
        self._title = title or entry_id
        self._sender = BatchSender(hass, client, self._title)
        self._store = OutboxStore(hass, entry_id)
        self._state = OutboxState()
        self._retry = RetrySchedule(hass, self._state.retry, self._start_flush)
        self._rejected: _Results = {}
        self._lock = asyncio.Lock()
        self._listeners: list[CALLBACK_TYPE] = []
        self._unsub_started: CALLBACK_TYPE | None = None
        self._unsub_stop: CALLBACK_TYPE | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def pending_count(self) -> int:
        """Return how many files wait to be delivered."""
        return len(self._state.pending)

    @property
    def pending(self) -> tuple[OutboxItem, ...]:
        """Return the waiting items, oldest first."""
        return tuple(self._state.pending.values())

    @property
    def retry_at(self) -> dt.datetime | None:
        """Return when the next attempt is due (None: none scheduled)."""
        if (retry_at := self._state.retry.retry_at) is None:
            return None
        return dt.datetime.fromtimestamp(retry_at, dt.UTC)

    @property
    def last_error(self) -> Reason | None:
        """Return why the last attempt failed (None: it did not)."""
        return self._state.retry.reason

    def was_delivered(self, summary_id: str) -> bool:
        """Return whether ``summary_id`` was delivered recently."""
        return summary_id in self._state.delivered

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

    # --- life cycle --------------------------------------------------------

    async def async_load(self) -> None:
        """Read the Store (items left from before a restart)."""
        self._state = await self._store.async_load()
        self._retry.state = self._state.retry
        if self._state.pending:
            _LOGGER.debug(
                "%s: %d FIT file(s) waiting from before",
                self._title,
                len(self._state.pending),
            )

    async def _async_save(self) -> None:
        await self._store.async_save(self._state)

    @callback
    def async_start(self) -> None:
        """Resume: deliver what waits once Home Assistant has started."""
        self._stopping = False
        self._retry.start()

        @callback
        def started(_hass: HomeAssistant) -> None:
            self._unsub_started = None
            if self._state.pending and not self._retry.resume():
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
        self._retry.stop()
        for unsub in (self._unsub_started, self._unsub_stop):
            if unsub is not None:
                unsub()
        self._unsub_started = self._unsub_stop = None
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

        One result per item, in order: ``sent``, ``queued`` (with the reason
        it could not go now) or ``rejected`` (``already_sent``, ``refused``
        with AI Endurance's ``detail``, ``file_unavailable``,
        ``invalid_item``). Delivery problems never raise.
        """
        results: _Results = {}
        own: set[str] = set()
        pending = self._state.pending
        async with self._lock:
            now = dt_util.utcnow().timestamp()
            for item in items:
                sid = item.summary_id
                if (waiting := pending.get(sid)) is not None:
                    if item.overwrite_mode:
                        item.queued_at = waiting.queued_at
                        pending[sid] = item
                elif sid in self._state.delivered and not item.overwrite_mode:
                    results[sid] = OutboxResult(
                        sid, Status.REJECTED, Reason.ALREADY_SENT
                    )
                    continue
                else:
                    self._rejected.pop(sid, None)
                    item.queued_at = now
                    pending[sid] = item
                own.add(sid)
            if own:
                await self._async_save()
        if own:
            self._notify()
            if not self._retry.held():
                await self._async_deliver(own, results)
        if pending and not self._stopping and not self._retry.scheduled:
            self._start_flush()
        return [
            results.get(i.summary_id) or self._result_of(i.summary_id) for i in items
        ]

    def _result_of(self, summary_id: str) -> OutboxResult:
        if (item := self._state.pending.get(summary_id)) is not None:
            reason = Reason.read(item.last_error) or self.last_error or Reason.WAITING
            return OutboxResult(summary_id, Status.QUEUED, reason)
        if (rejected := self._rejected.get(summary_id)) is not None:
            return rejected
        return OutboxResult(summary_id, Status.SENT)

    # --- delivery ----------------------------------------------------------

    async def async_flush(self) -> None:
        """Try to deliver everything that waits, now."""
        await self._async_deliver(None, {})

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
            await self.async_flush()
        finally:
            self._task = None

    async def _async_deliver(self, only: set[str] | None, results: _Results) -> None:
        """Send batch after batch until done, stopped or a failure.

        A file missing for now is skipped for the rest of the pass; if any
        still waits at the end, the pass counts as a failure (backoff).
        """
        skipped: set[str] = set()
        failure: Failure | None = None
        while not self._stopping and failure is None:
            async with self._lock:
                pending = self._state.pending
                if batch := next_batch(pending.values(), only, skipped):
                    outcome = await self._sender.async_send(batch)
                    for item, result in outcome.done:
                        self._finish(item, result, results)
                    for item in outcome.missing:
                        item.last_error = Reason.FILE_MISSING
                        skipped.add(item.summary_id)
                    if (failure := outcome.failure) is not None:
                        self._failed(
                            [i for i in batch if i.summary_id not in skipped], failure
                        )
                    elif len(outcome.missing) < len(batch):
                        self._retry.succeeded()
                elif missing := [pending[s] for s in skipped if s in pending]:
                    failure = Failure(Reason.FILE_MISSING)
                    self._failed(missing, failure)
                else:
                    return
                await self._async_save()
            self._notify()

    def _finish(
        self, item: OutboxItem, result: OutboxResult, results: _Results
    ) -> None:
        """Take an item out of the queue with its final fate."""
        sid = item.summary_id
        self._state.pending.pop(sid, None)
        results[sid] = result
        if result.status is Status.SENT:
            self._state.delivered.pop(sid, None)
            self._state.delivered[sid] = dt_util.utcnow().timestamp()
            self._rejected.pop(sid, None)
        else:
            self._rejected[sid] = result
            while len(self._rejected) > _RECENT_REJECTIONS:
                del self._rejected[next(iter(self._rejected))]

    def _failed(self, items: Iterable[OutboxItem], failure: Failure) -> None:
        """Mark the items that still wait with the failure; schedule the retry."""
        if failure.reason is Reason.AUTH_FAILED:
            _LOGGER.warning(
                "%s: AI Endurance refused the credentials; FIT files wait for "
                "reauthentication",
                self._title,
            )
            self._start_reauth()
        for item in items:
            if item.summary_id in self._state.pending:
                item.last_error = failure.reason
        delay = self._retry.failed(failure)
        _LOGGER.info(
            "%s: %d FIT file(s) wait (%s); next attempt in %.0f s",
            self._title,
            len(self._state.pending),
            failure.reason,
            delay,
        )
