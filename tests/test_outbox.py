# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The outbox on its own: a scripted client, Home Assistant's Store and clock."""

import asyncio
import base64
from collections.abc import Awaitable, Callable, Sequence
import datetime as dt
from functools import partial
import logging
import os
from pathlib import Path
import shutil
from typing import Any
from unittest.mock import MagicMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.util import dt as dt_util
import pytest

from custom_components.ai_endurance import (
    outbox as outbox_module,
    outbox_files,
    outbox_store,
)
from custom_components.ai_endurance.api import FitFilePing
from custom_components.ai_endurance.api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceConnectionError,
    AIEnduranceRateLimitError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
)
from custom_components.ai_endurance.fit import validate_fit_bytes
from custom_components.ai_endurance.outbox import FitOutbox
from custom_components.ai_endurance.outbox_files import BATCH_MAX_FILES
from custom_components.ai_endurance.outbox_retry import (
    RETRY_BASE,
    RETRY_MAX,
    UNAVAILABLE_FILE_GRACE,
    backoff_delay,
)
from custom_components.ai_endurance.outbox_store import (
    OutboxItem,
    OutboxResult,
    Reason,
    Status,
    async_remove_outbox,
    storage_key,
)

from .conftest import advance

FIXTURES = Path(__file__).parent / "fixtures" / "fit"
SMALL = FIXTURES / "garmin-fenix-5-run.fit"
ENTRY_ID = "entry-1"
KEY = storage_key(ENTRY_ID)


class ScriptedClient:
    """Stands in for AIEnduranceClient: records pings, raises what it is told."""

    def __init__(self) -> None:
        self.calls: list[list[FitFilePing]] = []
        self.errors: list[BaseException | None] = []
        self.refuse: set[str] = set()
        self.outcomes: list[BaseException | None] = []

    @property
    def delivered(self) -> list[str]:
        return [
            ping.summary_id
            for index, call in enumerate(self.calls)
            if self.outcomes[index] is None
            for ping in call
        ]

    async def ping_fit_files(self, files: Sequence[FitFilePing]) -> dict[str, Any]:
        self.calls.append(list(files))
        error = self.errors.pop(0) if self.errors else None
        if error is None and self.refuse & {f.summary_id for f in files}:
            error = AIEnduranceRequestError(
                "refused", status=400, detail="activity_files[0]: bad"
            )
        self.outcomes.append(error)
        if error is not None:
            raise error
        return {"status": "ok"}


@pytest.fixture
def client() -> ScriptedClient:
    return ScriptedClient()


@pytest.fixture
def reauth() -> MagicMock:
    return MagicMock()


type LoadOutbox = Callable[..., Awaitable[FitOutbox]]


@pytest.fixture
def load_outbox(
    hass: HomeAssistant, client: ScriptedClient, reauth: MagicMock
) -> LoadOutbox:
    """Return a function making an outbox, loaded from the Store (and started)."""

    async def load(*, start: bool = False) -> FitOutbox:
        box = FitOutbox(
            hass,
            ENTRY_ID,
            client,  # type: ignore[arg-type]
            start_reauth=reauth,
            title="Alex",
        )
        await box.async_load()
        if start:
            box.async_start()
        return box

    return load


@pytest.fixture
async def outbox(load_outbox: LoadOutbox) -> FitOutbox:
    return await load_outbox(start=True)


type Later = Callable[[float], Awaitable[None]]


@pytest.fixture
def later(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Later:
    """Return `advance` for this test's Home Assistant and clock."""
    return partial(advance, hass, freezer)


def item(
    location: Path | str, summary_id: str | None = None, **kwargs: Any
) -> OutboxItem:
    location = str(location)
    size = Path(location).stat().st_size if "://" not in location else 0
    return OutboxItem(
        summary_id=summary_id or Path(location).name,
        location=location,
        start_time=1_700_000_000,
        source="Home Assistant",
        size=size,
        **kwargs,
    )


def runs(count: int) -> list[OutboxItem]:
    """Return ``count`` items of the same recording, each with its own summary_id."""
    return [item(SMALL, summary_id=f"run-{index:04d}.fit") for index in range(count)]


def copies(tmp_path: Path, count: int, source: Path = SMALL) -> list[OutboxItem]:
    """Return ``count`` items of copies of ``source``: files a test may change."""
    items = []
    for index in range(count):
        path = tmp_path / f"run-{index:04d}.fit"
        shutil.copyfile(source, path)
        items.append(item(path))
    return items


def damage(location: str, offset: int = 3000) -> None:
    path = Path(location)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0xFF
    path.write_bytes(bytes(data))


def stored(hass_storage: dict[str, Any]) -> dict[str, Any]:
    return hass_storage[KEY]["data"]


def seed(hass_storage: dict[str, Any], **data: Any) -> None:
    """Store ``data`` (``delivered`` empty unless given) as a former run left it."""
    hass_storage[KEY] = {
        "version": 1,
        "minor_version": 1,
        "key": KEY,
        "data": {"delivered": {}, **data},
    }


# --- delivery ---------------------------------------------------------------------


async def test_sent_with_every_field(
    outbox: FitOutbox, client: ScriptedClient, hass_storage: dict[str, Any]
) -> None:
    one = item(SMALL, activity_name="Tempo", priority=0, overwrite_mode=False)
    url = item("https://files.example/ride.fit", summary_id="ride")
    results = await outbox.async_submit([one, url])
    assert results == [
        OutboxResult("garmin-fenix-5-run.fit", Status.SENT),
        OutboxResult("ride", Status.SENT),
    ]
    [call] = client.calls
    inline, linked = (ping.to_json() for ping in call)
    assert inline["activity_name"] == "Tempo"
    assert inline["priority"] == 0
    assert inline["start_time_in_seconds"] == "1700000000"
    assert inline["source"] == "Home Assistant"
    assert base64.b64decode(inline["callback_url"]) == SMALL.read_bytes()
    assert linked["callback_url"] == "https://files.example/ride.fit"
    data = stored(hass_storage)
    assert data["pending"] == []
    assert set(data["delivered"]) == {"garmin-fenix-5-run.fit", "ride"}
    assert outbox.pending_count == 0
    assert outbox.was_delivered("ride")


async def test_no_duplicates(outbox: FitOutbox, client: ScriptedClient) -> None:
    await outbox.async_submit([item(SMALL)])
    again = await outbox.async_submit([item(SMALL)])
    assert again == [
        OutboxResult("garmin-fenix-5-run.fit", Status.REJECTED, Reason.ALREADY_SENT)
    ]
    assert len(client.calls) == 1
    overwrite = await outbox.async_submit([item(SMALL, overwrite_mode=True)])
    assert overwrite[0].status is Status.SENT
    assert len(client.calls) == 2
    assert client.calls[1][0].overwrite_mode is True


async def test_batches(outbox: FitOutbox, client: ScriptedClient) -> None:
    items = runs(25)
    results = await outbox.async_submit(items)
    assert [r.status for r in results] == [Status.SENT] * 25
    assert [len(call) for call in client.calls] == [BATCH_MAX_FILES, BATCH_MAX_FILES, 5]
    assert client.delivered == [i.summary_id for i in items]


async def test_batches_by_bytes(outbox: FitOutbox, client: ScriptedClient) -> None:
    size = SMALL.stat().st_size
    items = runs(5)
    with patch.object(outbox_files, "BATCH_MAX_BYTES", size * 2):
        await outbox.async_submit(items)
    assert [len(call) for call in client.calls] == [2, 2, 1]
    with patch.object(outbox_files, "BATCH_MAX_BYTES", 100):
        await outbox.async_submit(
            [item(SMALL, summary_id="a"), item(SMALL, summary_id="b")]
        )
    # A file larger than the budget still goes, alone.
    assert [len(call) for call in client.calls] == [2, 2, 1, 1, 1]


async def test_server_refuses_one_file_of_a_batch(
    outbox: FitOutbox, client: ScriptedClient
) -> None:
    items = runs(3)
    client.refuse = {items[1].summary_id}
    results = await outbox.async_submit(items)
    assert [r.status for r in results] == [Status.SENT, Status.REJECTED, Status.SENT]
    assert results[1].reason is Reason.REFUSED
    assert results[1].detail == "activity_files[0]: bad"
    assert [len(call) for call in client.calls] == [3, 1, 1, 1]
    assert outbox.pending_count == 0
    # A refused file is not remembered as delivered: it may be sent again.
    client.refuse = set()
    assert (await outbox.async_submit([items[1]]))[0].status is Status.SENT


async def test_accepted_with_odd_answer(
    outbox: FitOutbox, client: ScriptedClient
) -> None:
    client.errors = [AIEnduranceResponseError("not JSON", status=200)]
    assert (await outbox.async_submit([item(SMALL)]))[0].status is Status.SENT


async def test_file_gone_before_its_turn(
    outbox: FitOutbox,
    client: ScriptedClient,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    gone, damaged, fine, grown = copies(tmp_path, 4)
    os.remove(gone.location)  # noqa: PTH107
    damage(damaged.location)
    results = await outbox.async_submit([gone, damaged, fine])
    shutil.copyfile(FIXTURES / "Activity.fit", grown.location)
    with patch.object(outbox_files, "MAX_FIT_FILE_SIZE", 700):
        results += await outbox.async_submit([grown])
    assert [r.status for r in results[:3]] == [
        Status.QUEUED,
        Status.REJECTED,
        Status.SENT,
    ]
    assert results[0].reason is Reason.FILE_MISSING  # Missing for now: waits.
    assert results[1].reason is Reason.FILE_UNAVAILABLE
    assert results[1].detail is not None
    assert "CRC" in results[1].detail
    assert results[3].reason is Reason.FILE_UNAVAILABLE
    assert client.delivered == [fine.summary_id]
    assert "dropping" in caplog.text
    assert not [
        r
        for r in caplog.records
        if r.levelno >= logging.WARNING and gone.location in r.getMessage()
    ]
    assert [i.summary_id for i in outbox.pending] == [gone.summary_id]


async def test_all_files_gone_sends_nothing(
    outbox: FitOutbox, client: ScriptedClient, tmp_path: Path
) -> None:
    [lost] = copies(tmp_path, 1)
    os.remove(lost.location)  # noqa: PTH107
    assert (await outbox.async_submit([lost]))[0].status is Status.QUEUED
    assert client.calls == []


async def test_missing_file_waits_with_backoff_until_it_is_back(
    outbox: FitOutbox,
    client: ScriptedClient,
    tmp_path: Path,
    later: Later,
    hass_storage: dict[str, Any],
) -> None:
    """A share not mounted yet: the file waits, the others go, nothing is lost."""
    away, here = copies(tmp_path, 2)
    kept = tmp_path / "kept.fit"
    shutil.move(away.location, kept)
    results = await outbox.async_submit([away, here])
    assert [(r.status, r.reason) for r in results] == [
        (Status.QUEUED, Reason.FILE_MISSING),
        (Status.SENT, None),
    ]
    assert outbox.last_error is Reason.FILE_MISSING
    assert stored(hass_storage)["pending"][0]["last_error"] == Reason.FILE_MISSING
    # Backoff grows while it is missing: 15-30 s, then 30-60 s.
    await later(RETRY_BASE)
    assert outbox.pending_count == 1
    first = outbox.retry_at
    assert first is not None
    assert first.timestamp() - dt_util.utcnow().timestamp() >= RETRY_BASE - 1
    shutil.move(kept, away.location)
    await later(2 * RETRY_BASE)
    assert client.delivered == [here.summary_id, away.summary_id]
    assert outbox.pending_count == 0
    assert outbox.last_error is None


@pytest.mark.parametrize(
    "error",
    [FileNotFoundError(2, "No such file"), PermissionError(13, "Permission denied")],
)
async def test_unavailable_file_dropped_after_the_grace_period(
    outbox: FitOutbox,
    client: ScriptedClient,
    later: Later,
    caplog: pytest.LogCaptureFixture,
    error: OSError,
) -> None:
    with patch("builtins.open", side_effect=error):
        result = await outbox.async_submit([item(SMALL)])
        assert result[0].status is Status.QUEUED
        assert result[0].reason is Reason.FILE_MISSING
        assert "dropping" not in caplog.text
        await later(UNAVAILABLE_FILE_GRACE.total_seconds() - 7200)
        assert outbox.pending_count == 1
        await later(7200)
        await later(RETRY_MAX)
    assert outbox.pending_count == 0
    assert outbox.last_error is None
    assert client.calls == []
    drops = [r for r in caplog.records if "dropping" in r.getMessage()]
    assert len(drops) == 1
    assert drops[0].levelno == logging.WARNING
    assert str(SMALL) in drops[0].getMessage()
    assert outbox._result_of(SMALL.name).reason is Reason.FILE_UNAVAILABLE


async def test_invalid_stored_item_is_dropped_and_the_others_go(
    load_outbox: LoadOutbox,
    client: ScriptedClient,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A hand-edited Store item: rejected once, it does not block the queue."""
    bad, also_bad, good = runs(3)
    bad.priority = 7  # FitFilePing: ValueError
    also_bad.activity_name = 42  # type: ignore[assignment]  # TypeError
    seed(hass_storage, pending=[bad.to_dict(), also_bad.to_dict(), good.to_dict()])
    box = await load_outbox()
    await box.async_flush()
    assert client.delivered == [good.summary_id]
    assert box.pending_count == 0
    assert box.retry_at is None
    assert box._result_of(bad.summary_id) == OutboxResult(
        bad.summary_id, Status.REJECTED, Reason.INVALID_ITEM
    )
    assert box._result_of(also_bad.summary_id).reason is Reason.INVALID_ITEM
    assert caplog.text.count("invalid outbox item") == 2


async def test_load_starts_the_grace_of_items_without_queued_at(
    load_outbox: LoadOutbox,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    old = item(SMALL).to_dict()
    del old["queued_at"]
    seed(hass_storage, pending=[old])
    box = await load_outbox()
    assert box.pending[0].queued_at == dt_util.utcnow().timestamp()


# --- failures and retries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (AIEnduranceConnectionError("timeout"), Reason.CONNECTION_ERROR),
        (AIEnduranceServerError("503", status=503), Reason.SERVER_ERROR),
        (AIEnduranceResponseError("302", status=302), Reason.SERVER_ERROR),
        (RuntimeError("boom"), Reason.UNEXPECTED_ERROR),
    ],
)
async def test_retry_with_backoff(
    outbox: FitOutbox,
    *,
    client: ScriptedClient,
    later: Later,
    hass_storage: dict[str, Any],
    error: Exception,
    reason: Reason,
) -> None:
    client.errors = [error, error]
    listener = MagicMock()
    remove = outbox.async_add_listener(listener)
    results = await outbox.async_submit([item(SMALL)])
    assert results == [OutboxResult("garmin-fenix-5-run.fit", Status.QUEUED, reason)]
    assert outbox.pending_count == 1
    assert outbox.last_error is reason
    assert stored(hass_storage)["pending"][0]["summary_id"] == "garmin-fenix-5-run.fit"
    assert stored(hass_storage)["pending"][0]["last_error"] == reason
    first_retry = outbox.retry_at
    assert first_retry is not None
    assert listener.call_count == 2  # queued, then the failed attempt
    # First backoff: 15-30 s. Nothing before 15 s.
    await later(RETRY_BASE / 2 - 1)
    assert len(client.calls) == 1
    await later(RETRY_BASE / 2 + 1)
    assert len(client.calls) == 2  # failed again: now 30-60 s
    await later(RETRY_BASE - 1)
    assert len(client.calls) == 2
    await later(RETRY_BASE + 1)
    assert len(client.calls) == 3
    assert client.delivered == ["garmin-fenix-5-run.fit"]
    assert outbox.pending_count == 0
    assert outbox.retry_at is None
    assert outbox.last_error is None
    assert stored(hass_storage)["pending"] == []
    remove()
    remove()  # twice is harmless
    count = listener.call_count
    await outbox.async_submit([item(SMALL, summary_id="other")])
    assert listener.call_count == count


async def test_retry_after_is_honoured(
    outbox: FitOutbox, client: ScriptedClient, later: Later
) -> None:
    first, second = runs(2)
    client.errors = [AIEnduranceRateLimitError("429", retry_after=120)]
    assert (await outbox.async_submit([first]))[0].reason is Reason.RATE_LIMITED
    # While the server asked to wait, a new file is queued without a request.
    assert (await outbox.async_submit([second]))[0] == OutboxResult(
        second.summary_id, Status.QUEUED, Reason.RATE_LIMITED
    )
    assert len(client.calls) == 1
    await later(119)
    assert len(client.calls) == 1
    await later(13)  # 120 s + at most 10 % jitter
    assert len(client.calls) == 2
    assert client.delivered == [first.summary_id, second.summary_id]


async def test_503_with_retry_after(
    outbox: FitOutbox, client: ScriptedClient, later: Later
) -> None:
    client.errors = [AIEnduranceServerError("503", status=503, retry_after=600)]
    await outbox.async_submit([item(SMALL)])
    await later(599)
    assert len(client.calls) == 1
    await later(62)
    assert client.delivered == ["garmin-fenix-5-run.fit"]


async def test_new_submission_after_plain_failure_tries_at_once(
    hass: HomeAssistant, outbox: FitOutbox, client: ScriptedClient, later: Later
) -> None:
    """Without Retry-After, a new call tries now and takes the waiting file too."""
    first, second = runs(2)
    client.errors = [AIEnduranceConnectionError("down")]
    assert (await outbox.async_submit([first]))[0].status is Status.QUEUED
    assert (await outbox.async_submit([second]))[0].status is Status.SENT
    await hass.async_block_till_done()
    assert sorted(client.delivered) == sorted([first.summary_id, second.summary_id])
    assert outbox.pending_count == 0
    await later(3600)
    assert len(client.calls) == 3  # no retry left over


async def test_waiting_file_submitted_again(
    outbox: FitOutbox, client: ScriptedClient, later: Later
) -> None:
    client.errors = [AIEnduranceRateLimitError("429", retry_after=60)]
    await outbox.async_submit([item(SMALL, activity_name="old")])
    result = await outbox.async_submit([item(SMALL, activity_name="new")])
    assert result[0].status is Status.QUEUED
    assert outbox.pending[0].activity_name == "old"
    await outbox.async_submit([item(SMALL, activity_name="newer", overwrite_mode=True)])
    assert outbox.pending_count == 1
    assert outbox.pending[0].activity_name == "newer"
    await later(70)
    assert client.delivered == ["garmin-fenix-5-run.fit"]
    assert client.calls[-1][0].activity_name == "newer"


async def test_auth_failure_keeps_items_and_starts_reauth(
    outbox: FitOutbox, client: ScriptedClient, reauth: MagicMock, later: Later
) -> None:
    client.errors = [AIEnduranceAuthError("401", status=401)]
    result = await outbox.async_submit([item(SMALL)])
    assert result[0] == OutboxResult(
        "garmin-fenix-5-run.fit", Status.QUEUED, Reason.AUTH_FAILED
    )
    reauth.assert_called_once_with()
    assert outbox.pending_count == 1
    await later(RETRY_BASE + 1)
    assert client.delivered == ["garmin-fenix-5-run.fit"]


def test_backoff_delay() -> None:
    for failures in range(1, 12):
        ceiling = min(3600.0, RETRY_BASE * 2 ** (failures - 1))
        for _ in range(50):
            assert ceiling / 2 <= backoff_delay(failures) <= ceiling
    assert 3600 / 2 <= backoff_delay(30) <= 3600
    assert 5 <= backoff_delay(1, 5) <= 5.5
    assert backoff_delay(1, 0) == 0
    assert 86400 <= backoff_delay(1, 10**9) <= 86400 * 1.1


# --- restarts -------------------------------------------------------------------------


async def test_resume_after_restart(
    hass: HomeAssistant,
    *,
    load_outbox: LoadOutbox,
    client: ScriptedClient,
    hass_storage: dict[str, Any],
    later: Later,
) -> None:
    first = await load_outbox(start=True)
    items = runs(12)
    client.errors = [AIEnduranceServerError("503", status=503)]
    results = await first.async_submit(items)
    assert {r.status for r in results} == {Status.QUEUED}
    await first.async_stop()
    assert len(stored(hass_storage)["pending"]) == 12
    # Nothing happens after stop.
    await later(3600)
    assert len(client.calls) == 1

    second = await load_outbox()
    assert second.pending_count == 12
    assert [i.summary_id for i in second.pending] == [i.summary_id for i in items]
    second.async_start()
    await hass.async_block_till_done()
    assert client.delivered == [i.summary_id for i in items]
    assert stored(hass_storage)["pending"] == []
    await second.async_stop()


async def test_restart_honours_stored_retry_after(
    hass: HomeAssistant, load_outbox: LoadOutbox, client: ScriptedClient, later: Later
) -> None:
    first = await load_outbox(start=True)
    client.errors = [AIEnduranceRateLimitError("429", retry_after=300)]
    await first.async_submit([item(SMALL)])
    await first.async_stop()

    second = await load_outbox(start=True)
    await hass.async_block_till_done()
    assert len(client.calls) == 1
    assert second.last_error is Reason.RATE_LIMITED
    # A new call while the wait holds is queued without a request.
    assert (await second.async_submit([item(SMALL, summary_id="b")]))[
        0
    ].status is Status.QUEUED
    await later(331)
    assert client.delivered == ["garmin-fenix-5-run.fit", "b"]


async def test_resumes_at_once_after_reauthentication(
    hass: HomeAssistant,
    load_outbox: LoadOutbox,
    client: ScriptedClient,
    reauth: MagicMock,
) -> None:
    """Reauthentication reloads the entry: the new token is tried at once."""
    first = await load_outbox(start=True)
    client.errors = [AIEnduranceAuthError("401", status=401)]
    await first.async_submit([item(SMALL)])
    reauth.assert_called_once_with()
    assert first.retry_at is not None
    await first.async_stop()

    second = await load_outbox()
    assert second.last_error is Reason.AUTH_FAILED
    second.async_start()
    await hass.async_block_till_done()
    assert client.delivered == ["garmin-fenix-5-run.fit"]
    assert second.pending_count == 0
    await second.async_stop()


async def test_starts_only_when_home_assistant_has_started(
    hass: HomeAssistant,
    load_outbox: LoadOutbox,
    client: ScriptedClient,
    hass_storage: dict[str, Any],
) -> None:
    seed(
        hass_storage,
        pending=[item(SMALL).to_dict(), {"summary_id": "broken"}],
        delivered={"old": 1.0, "bad": "x"},
        retry_at="soon",
        reason="no-such-reason",
    )
    hass.set_state(CoreState.starting)
    box = await load_outbox()
    assert box.pending_count == 1  # the broken item is dropped
    assert box.last_error is None
    assert box.retry_at is None
    box.async_start()
    await hass.async_block_till_done()
    assert client.calls == []
    hass.set_state(CoreState.running)
    hass.bus.async_fire("homeassistant_started")
    await hass.async_block_till_done()
    assert client.delivered == ["garmin-fenix-5-run.fit"]
    await box.async_stop()


async def test_start_with_nothing_waiting(
    hass: HomeAssistant, outbox: FitOutbox, client: ScriptedClient
) -> None:
    await hass.async_block_till_done()
    assert client.calls == []
    await outbox.async_flush()
    assert client.calls == []


async def test_stop_lets_the_batch_in_flight_finish(
    hass: HomeAssistant,
    load_outbox: LoadOutbox,
    client: ScriptedClient,
    hass_storage: dict[str, Any],
) -> None:
    """Home Assistant stops while a flush runs: the batch ends, then the loop."""
    seed(hass_storage, pending=[i.to_dict() for i in runs(25)])
    box = await load_outbox()
    original = client.ping_fit_files

    async def ping_then_stop(files: Sequence[FitFilePing]) -> dict[str, Any]:
        answer = await original(files)
        if len(client.calls) == 1:
            hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
        return answer

    client.ping_fit_files = ping_then_stop  # type: ignore[method-assign]
    box.async_start()
    await hass.async_block_till_done()
    assert len(client.calls) == 1
    assert box.pending_count == 15
    assert len(stored(hass_storage)["pending"]) == 15


async def test_delivered_ids_are_pruned(
    outbox: FitOutbox, freezer: FrozenDateTimeFactory, hass_storage: dict[str, Any]
) -> None:
    old = runs(3)
    await outbox.async_submit(old)
    freezer.tick(dt.timedelta(days=91))
    with patch.object(outbox_store, "DELIVERED_MAX", 2):
        await outbox.async_submit(
            [item(SMALL, summary_id=f"new-{n}") for n in range(3)]
        )
    assert list(stored(hass_storage)["delivered"]) == ["new-1", "new-2"]


async def test_remove_store(
    hass: HomeAssistant, outbox: FitOutbox, hass_storage: dict[str, Any]
) -> None:
    await outbox.async_submit([item(SMALL)])
    assert KEY in hass_storage
    await async_remove_outbox(hass, ENTRY_ID)
    assert KEY not in hass_storage


async def test_item_round_trip() -> None:
    one = item(SMALL, activity_name="x", priority=0, overwrite_mode=True)
    assert OutboxItem.from_dict(one.to_dict()) == one
    with pytest.raises(ValueError, match="empty"):
        OutboxItem.from_dict({**one.to_dict(), "summary_id": ""})
    assert not one.is_url
    assert item("http://h/x.fit").is_url


async def test_logs_name_no_content(
    outbox: FitOutbox, client: ScriptedClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.errors = [AIEnduranceConnectionError("down")]
    await outbox.async_submit([item(SMALL)])
    assert "next attempt in" in caplog.text
    content = FitFilePing.from_bytes(
        SMALL.read_bytes(), summary_id="x", start_time=1, source="s"
    ).callback_url
    assert content[:80] not in caplog.text


# --- concurrency and edge cases -------------------------------------------------


async def test_submit_while_a_flush_runs(
    hass: HomeAssistant,
    load_outbox: LoadOutbox,
    client: ScriptedClient,
    hass_storage: dict[str, Any],
) -> None:
    """A file a running flush delivers (or drops) is reported from that flush."""
    waiting, refused = runs(2)
    seed(hass_storage, pending=[waiting.to_dict(), refused.to_dict()])
    client.refuse = {refused.summary_id}
    box = await load_outbox()
    save = box._async_save

    async def yielding_save() -> None:
        await asyncio.sleep(0)  # the flush task starts and waits for the lock
        await save()

    box._async_save = yielding_save  # type: ignore[method-assign]
    box.async_start()  # the flush task is created, not yet run
    box._start_flush()  # a second request while it runs changes nothing
    results = await box.async_submit([waiting, refused])
    assert len(client.calls) == 3  # the flush: both, then one by one; the call: none
    assert results[0] == OutboxResult(waiting.summary_id, Status.SENT)
    assert results[1].status is Status.REJECTED
    assert results[1].reason is Reason.REFUSED
    await hass.async_block_till_done()
    assert client.delivered == [waiting.summary_id]
    await box.async_stop()


async def test_failure_while_isolating_a_refused_file(
    outbox: FitOutbox, client: ScriptedClient
) -> None:
    """The first file goes alone, the second fails: it and the third wait."""
    items = runs(3)
    client.errors = [
        AIEnduranceRequestError("bad", status=400, detail="bad"),
        None,
        AIEnduranceConnectionError("down"),
    ]
    results = await outbox.async_submit(items)
    assert [r.status for r in results] == [Status.SENT, Status.QUEUED, Status.QUEUED]
    assert outbox.last_error is Reason.CONNECTION_ERROR
    assert [i.last_error for i in outbox.pending] == [Reason.CONNECTION_ERROR] * 2


async def test_second_failure_replaces_the_timer(
    outbox: FitOutbox, client: ScriptedClient, later: Later
) -> None:
    first, second = runs(2)
    client.errors = [AIEnduranceConnectionError("down")] * 2
    await outbox.async_submit([first])
    await outbox.async_submit([second])  # tries at once, fails: 30-60 s now
    assert len(client.calls) == 2
    await later(29)
    assert len(client.calls) == 2
    await later(32)
    assert client.delivered == [first.summary_id, second.summary_id]


async def test_failure_after_stop_schedules_nothing(
    hass: HomeAssistant, outbox: FitOutbox, client: ScriptedClient, later: Later
) -> None:
    original = client.ping_fit_files

    async def stop_then_fail(files: Sequence[FitFilePing]) -> dict[str, Any]:
        hass.async_create_task(outbox.async_stop())
        await asyncio.sleep(0)
        client.errors = [AIEnduranceConnectionError("down")]
        return await original(files)

    client.ping_fit_files = stop_then_fail  # type: ignore[method-assign]
    await outbox.async_submit([item(SMALL)])
    await hass.async_block_till_done()
    assert outbox.pending_count == 1
    await later(7200)
    assert len(client.calls) == 1


async def test_recent_rejections_are_bounded(
    outbox: FitOutbox, client: ScriptedClient
) -> None:
    items = runs(3)
    client.refuse = {i.summary_id for i in items}
    with patch.object(outbox_module, "_RECENT_REJECTIONS", 1):
        for one in items:
            assert (await outbox.async_submit([one]))[0].status is Status.REJECTED
    assert list(outbox._rejected) == [items[-1].summary_id]


async def test_unchanged_files_are_not_checked_again(
    outbox: FitOutbox, client: ScriptedClient, tmp_path: Path
) -> None:
    """The action validated the file: same size and mtime, no second CRC pass."""
    unchanged, changed = copies(tmp_path, 2)
    for one in (unchanged, changed):
        one.mtime_ns = os.stat(one.location).st_mtime_ns  # noqa: PTH116
    damage(changed.location)
    os.utime(changed.location, ns=(1, changed.mtime_ns + 1))
    with patch.object(
        outbox_files, "validate_fit_bytes", wraps=validate_fit_bytes
    ) as validate:
        results = await outbox.async_submit([unchanged, changed])
    assert validate.call_count == 1  # the changed file only
    assert [r.status for r in results] == [Status.SENT, Status.REJECTED]
    assert client.delivered == [unchanged.summary_id]
    assert OutboxItem.from_dict(unchanged.to_dict()).mtime_ns == unchanged.mtime_ns
