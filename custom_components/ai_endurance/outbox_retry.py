# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""When the FIT outbox tries again, and when it gives a file up.

A failure that may pass (no connection, 5xx, 429, a token refresh that failed
for a transient reason, a refused token while reauthentication runs) keeps
every file and retries after an exponential backoff with jitter, or after the
server's ``Retry-After``, so AI Endurance is not asked again before it said.
A file missing at send time (a NAS or USB share not mounted yet after a
restart) waits on the same backoff for :data:`UNAVAILABLE_FILE_GRACE`. What
retrying cannot fix (a refused ping, a damaged file, an item no ping can be
built from) is rejected at once, so it never blocks the files behind it.
"""

from collections.abc import Callable
from dataclasses import dataclass
import datetime as dt
import logging
import random
from typing import Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_call_later
from homeassistant.util import dt as dt_util

from .api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceConnectionError,
    AIEnduranceError,
    AIEnduranceRateLimitError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
)
from .fit import FitFileError, FitProblem
from .outbox_store import OutboxItem, OutboxResult, Reason, RetryState, Status

_LOGGER = logging.getLogger(__name__)

RETRY_BASE: Final = 30.0
"""Seconds: the first retry's backoff (before jitter)."""
RETRY_MAX: Final = 3600.0
"""Seconds: the longest backoff (before jitter)."""
RETRY_AFTER_MAX: Final = 86400.0
"""Seconds: the longest ``Retry-After`` honoured."""
UNAVAILABLE_FILE_GRACE: Final = dt.timedelta(days=7)
"""How long a queued file may be missing or unreadable before it is dropped."""

_RETRY_REASONS: Final[tuple[tuple[type[AIEnduranceError], Reason], ...]] = (
    (AIEnduranceAuthError, Reason.AUTH_FAILED),
    (AIEnduranceRateLimitError, Reason.RATE_LIMITED),
    (AIEnduranceServerError, Reason.SERVER_ERROR),
    (AIEnduranceConnectionError, Reason.CONNECTION_ERROR),
)
"""What each error waits for; any other client error counts as the server's."""
_HOLDING_REASONS: Final = frozenset({Reason.RATE_LIMITED, Reason.SERVER_ERROR})
_TRANSIENT_FILE_PROBLEMS: Final = frozenset(
    {FitProblem.NOT_FOUND, FitProblem.UNREADABLE}
)


def backoff_delay(failures: int, retry_after: float | None = None) -> float:
    """Return the seconds to wait after ``failures`` failures in a row (>= 1).

    Attempt ``n`` waits between half and all of ``min(RETRY_MAX, RETRY_BASE *
    2 ** (n - 1))``; a ``Retry-After`` (at most :data:`RETRY_AFTER_MAX`) is
    waited instead, plus up to 10 %.
    """
    if retry_after is not None:
        wait = min(max(retry_after, 0.0), RETRY_AFTER_MAX)
        return wait + random.uniform(0, wait * 0.1)  # noqa: S311 - not crypto
    ceiling = min(RETRY_MAX, RETRY_BASE * 2 ** max(failures - 1, 0))
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - not crypto


@dataclass(frozen=True, slots=True)
class Failure:
    """A send that must be retried."""

    reason: Reason
    retry_after: float | None = None


def failure_of(err: Exception, title: str) -> Failure | None:
    """Return what a send's error means for the retry; None: it was accepted.

    A 2xx with an answer that is not the expected JSON delivered the files.
    """
    if not isinstance(err, AIEnduranceError):
        _LOGGER.warning(
            "%s: unexpected error pinging FIT files (%s), will retry",
            title,
            type(err).__name__,
            exc_info=err,
        )
        return Failure(Reason.UNEXPECTED_ERROR)
    if isinstance(err, AIEnduranceResponseError) and _is_2xx(err.status):
        _LOGGER.debug("%s: ping accepted, odd answer: %s", title, err)
        return None
    reason = next(
        (r for kind, r in _RETRY_REASONS if isinstance(err, kind)), Reason.SERVER_ERROR
    )
    retry_after: float | None = getattr(err, "retry_after", None)
    return Failure(reason, retry_after)


def _is_2xx(status: int | None) -> bool:
    return status is not None and 200 <= status < 300  # noqa: PLR2004


def unbuilt_result(
    item: OutboxItem, err: FitFileError | ValueError | TypeError, title: str
) -> OutboxResult | None:
    """Return the fate of an item no ping could be built from; None: it waits.

    Only a file missing or unreadable for now waits, within the grace period.
    """
    if not isinstance(err, FitFileError):
        _LOGGER.warning(
            "%s: dropping the invalid outbox item %s: %s", title, item.summary_id, err
        )
        return OutboxResult(item.summary_id, Status.REJECTED, Reason.INVALID_ITEM)
    if err.problem in _TRANSIENT_FILE_PROBLEMS:
        waited = dt_util.utcnow().timestamp() - item.queued_at
        if waited < UNAVAILABLE_FILE_GRACE.total_seconds():
            _LOGGER.debug(
                "%s: %s is not available yet (%s); it waits",
                title,
                item.location,
                err.detail,
            )
            return None
    _LOGGER.warning(
        "%s: dropping %s from the outbox: %s", title, item.location, err.detail
    )
    return OutboxResult(
        item.summary_id, Status.REJECTED, Reason.FILE_UNAVAILABLE, err.detail
    )


class RetrySchedule:
    """The outbox's one retry timer, set from its :class:`RetryState`."""

    def __init__(
        self, hass: HomeAssistant, state: RetryState, due: Callable[[], None]
    ) -> None:
        """Call ``due`` whenever a retry is due."""
        self.state = state
        self._hass = hass
        self._due = due
        self._unsub: CALLBACK_TYPE | None = None
        self._stopped = False

    @property
    def scheduled(self) -> bool:
        """Whether a retry timer runs."""
        return self._unsub is not None

    def held(self) -> bool:
        """Whether the server asked to wait and the time is not up."""
        state = self.state
        return (
            state.hold
            and state.retry_at is not None
            and state.retry_at > dt_util.utcnow().timestamp()
        )

    @callback
    def start(self) -> None:
        """Allow retries (again, after :meth:`stop`)."""
        self._stopped = False

    @callback
    def resume(self) -> bool:
        """Wait out a stored retry; False: try at once.

        After an authentication failure the entry was set up again
        (reauthentication reloads it): the new token is tried at once.
        """
        retry_at = self.state.retry_at
        now = dt_util.utcnow().timestamp()
        if (
            self.state.reason is Reason.AUTH_FAILED
            or retry_at is None
            or retry_at <= now
        ):
            return False
        self._schedule(retry_at - now)
        return True

    @callback
    def failed(self, failure: Failure) -> float:
        """Count a failure and schedule the retry; return its delay in seconds."""
        state = self.state
        state.failures += 1
        state.reason = failure.reason
        delay = backoff_delay(state.failures, failure.retry_after)
        state.hold = (
            failure.retry_after is not None and failure.reason in _HOLDING_REASONS
        )
        state.retry_at = dt_util.utcnow().timestamp() + delay
        self._schedule(delay)
        return delay

    @callback
    def succeeded(self) -> None:
        """Reset the backoff: the server took a ping."""
        self.state.failures = 0
        self.state.reason = None
        self.state.hold = False
        self.state.retry_at = None
        self._cancel()

    @callback
    def stop(self) -> None:
        """Cancel the timer; schedule none until :meth:`start`."""
        self._stopped = True
        self._cancel()

    @callback
    def _schedule(self, delay: float) -> None:
        self._cancel()
        if self._stopped:
            return

        @callback
        def retry(_now: dt.datetime) -> None:
            self._unsub = None
            self._due()

        self._unsub = async_call_later(self._hass, delay, retry)

    @callback
    def _cancel(self) -> None:
        if self._unsub is not None:
            self._unsub()
            self._unsub = None
