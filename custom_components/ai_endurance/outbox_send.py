# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""One delivery attempt of the FIT outbox: a batch read, pinged, and each file's fate.

The files are read in the executor (:mod:`.outbox_files`) and a failed
request becomes a retry (:mod:`.outbox_retry`). AI Endurance refuses a whole
request for one bad file (4xx), so a refused batch is sent again one file at
a time: only the refused file is rejected, the others go on. Nothing here
touches the queue; the queue applies the :class:`SendOutcome`.
"""

from dataclasses import dataclass, field
import logging

from homeassistant.core import HomeAssistant

from .api import FitFilePing
from .api.client import AIEnduranceClient
from .api.exceptions import AIEnduranceRequestError
from .outbox_files import read_batch
from .outbox_retry import Failure, failure_of, unbuilt_result
from .outbox_store import OutboxItem, OutboxResult, Reason, Status

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class SendOutcome:
    """What became of a batch."""

    done: list[tuple[OutboxItem, OutboxResult]] = field(default_factory=list)
    """Items with a final fate: sent or rejected."""
    missing: list[OutboxItem] = field(default_factory=list)
    """Items whose file is missing for now: they wait."""
    failure: Failure | None = None
    """Why the others must be retried (None: nothing to retry)."""


class BatchSender:
    """Sends the outbox's batches of one account."""

    def __init__(
        self, hass: HomeAssistant, client: AIEnduranceClient, title: str
    ) -> None:
        """Send with ``client``; ``title`` names the account in logs."""
        self._hass = hass
        self._client = client
        self._title = title

    async def async_send(
        self, batch: list[OutboxItem], outcome: SendOutcome | None = None
    ) -> SendOutcome:
        """Send one batch; stop at the first failure to retry."""
        outcome = SendOutcome() if outcome is None else outcome
        for item in batch:
            item.attempts += 1
        pings: list[FitFilePing] = []
        sent: list[OutboxItem] = []
        for item, ping in await self._hass.async_add_executor_job(read_batch, batch):
            if isinstance(ping, FitFilePing):
                pings.append(ping)
                sent.append(item)
            elif (result := unbuilt_result(item, ping, self._title)) is not None:
                outcome.done.append((item, result))
            else:
                outcome.missing.append(item)
        if not pings:
            return outcome
        try:
            await self._client.ping_fit_files(pings)
        except AIEnduranceRequestError as err:
            del pings  # Each file is read again alone: hold no batch meanwhile.
            return await self._async_isolate(sent, err, outcome)
        except Exception as err:  # noqa: BLE001 - the outbox must survive anything.
            if (failure := failure_of(err, self._title)) is not None:
                outcome.failure = failure
                return outcome
        outcome.done.extend(
            (item, OutboxResult(item.summary_id, Status.SENT)) for item in sent
        )
        return outcome

    async def _async_isolate(
        self,
        sent: list[OutboxItem],
        err: AIEnduranceRequestError,
        outcome: SendOutcome,
    ) -> SendOutcome:
        """Reject a refused file; send a refused batch's files one at a time."""
        if len(sent) > 1:
            for item in sent:
                item.attempts -= 1  # Counted again below.
                if (await self.async_send([item], outcome)).failure is not None:
                    break
            return outcome
        [item] = sent
        _LOGGER.warning(
            "%s: AI Endurance refused %s (HTTP %s): %s",
            self._title,
            item.summary_id,
            err.status,
            err.detail,
        )
        result = OutboxResult(
            item.summary_id, Status.REJECTED, Reason.REFUSED, err.detail
        )
        outcome.done.append((item, result))
        return outcome
