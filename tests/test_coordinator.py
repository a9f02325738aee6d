# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Coordinator: error mapping, Retry-After, logging once, midnight rollover."""

from datetime import date, datetime, timedelta
from http import HTTPStatus
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)
from yarl import URL

from custom_components.ai_endurance.api.const import TOKEN_URL
from custom_components.ai_endurance.const import DOMAIN, UPDATE_INTERVAL
from custom_components.ai_endurance.coordinator import fetch_start, week_of

from .conftest import (
    WORKOUTS_URL,
    SetupIntegration,
    advance,
    advance_to,
    state_of,
    week_plan,
)

WORKOUT_TODAY = "sensor.ai_endurance_workout_today"
REFRESHED = {
    "access_token": "refreshed-access-token",
    "refresh_token": "refreshed-refresh-token",
    "token_type": "Bearer",
    "expires_in": 36000,
}

pytestmark = pytest.mark.usefixtures("mock_workouts")


class Polling:
    """The integration set up on the mocked API, polled by moving the clock."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry: MockConfigEntry,
        aioclient_mock: AiohttpClientMocker,
        freezer: FrozenDateTimeFactory,
    ) -> None:
        self.hass = hass
        self.entry = entry
        self.api = aioclient_mock
        self.freezer = freezer

    def answer(self, **kwargs: Any) -> None:
        """Make the workouts endpoint answer differently from now on."""
        self.api.clear_requests()
        self.api.get(WORKOUTS_URL, **kwargs)

    async def tick(self, delta: timedelta) -> None:
        """Move the clock on by `delta` and let what is due run."""
        await advance(self.hass, self.freezer, delta.total_seconds())

    def today(self) -> str:
        """Return the state of today's workout sensor."""
        return state_of(self.hass, WORKOUT_TODAY).state


@pytest.fixture
async def polling(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> Polling:
    """Set the integration up; return the means to answer and poll."""
    entry = await setup_integration()
    return Polling(hass, entry, aioclient_mock, freezer)


async def test_auth_error_starts_reauth(
    hass: HomeAssistant,
    polling: Polling,
) -> None:
    """A token refused even once refreshed: unavailable, reauthentication asked."""
    entry = polling.entry
    polling.answer(status=HTTPStatus.UNAUTHORIZED)
    polling.api.post(TOKEN_URL, json=REFRESHED)

    await polling.tick(UPDATE_INTERVAL)

    # 401, one forced refresh, the same request once more: 401 again.
    calls = [
        (method, url.with_query(None)) for method, url, _, _ in polling.api.mock_calls
    ]
    assert calls == [
        ("GET", URL(WORKOUTS_URL)),
        ("POST", URL(TOKEN_URL)),
        ("GET", URL(WORKOUTS_URL)),
    ]
    _, _, _, headers = polling.api.mock_calls[2]
    assert headers["Authorization"] == "Bearer refreshed-access-token"
    assert entry.data["token"]["access_token"] == REFRESHED["access_token"]

    assert polling.today() == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == entry.entry_id
    assert entry.state is ConfigEntryState.LOADED

    # No more polling until the user has authorized again.
    await polling.tick(UPDATE_INTERVAL * 3)
    assert polling.api.call_count == 3


@pytest.mark.parametrize(
    "status", [HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE]
)
async def test_retry_after_is_honoured(
    polling: Polling,
    status: HTTPStatus,
) -> None:
    """After 429 (or 503) with Retry-After the next request waits as long as asked."""
    polling.answer(status=status, headers={"Retry-After": "120"})

    await polling.tick(UPDATE_INTERVAL)

    assert polling.today() == STATE_UNAVAILABLE
    polling.answer(json=week_plan())
    await polling.tick(timedelta(seconds=115))
    assert polling.api.call_count == 0
    await polling.tick(timedelta(seconds=10))
    assert polling.api.call_count == 1
    assert polling.today() == "tempo"


async def test_rate_limit_without_retry_after(
    polling: Polling,
) -> None:
    """A 429 without Retry-After waits one regular interval."""
    polling.answer(status=HTTPStatus.TOO_MANY_REQUESTS)
    await polling.tick(UPDATE_INTERVAL)
    polling.answer(json=week_plan())

    await polling.tick(UPDATE_INTERVAL - timedelta(minutes=1))
    assert polling.api.call_count == 0
    await polling.tick(timedelta(minutes=2))
    assert polling.api.call_count == 1


async def test_unavailable_and_recovery_logged_once(
    polling: Polling,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """5xx: unavailable; logged once when it goes away and once when it is back."""
    polling.answer(status=HTTPStatus.INTERNAL_SERVER_ERROR)

    for _ in range(3):
        await polling.tick(UPDATE_INTERVAL)
        assert polling.today() == STATE_UNAVAILABLE
    assert polling.api.call_count == 3

    polling.answer(json=week_plan())
    for _ in range(2):
        await polling.tick(UPDATE_INTERVAL)
        assert polling.today() == "tempo"

    assert caplog.text.count("Error fetching ai_endurance data") == 1
    assert caplog.text.count("Fetching ai_endurance data recovered") == 1


async def test_connection_error(
    polling: Polling,
) -> None:
    """No answer at all: unavailable until the next successful poll."""
    polling.answer(exc=TimeoutError())

    await polling.tick(UPDATE_INTERVAL)

    assert polling.today() == STATE_UNAVAILABLE


async def test_midnight_rollover_without_request(
    hass: HomeAssistant,
    polling: Polling,
) -> None:
    """At local midnight "today" moves on from the data held: no request."""
    await advance_to(
        hass, polling.freezer, datetime.fromisoformat("2026-11-25T23:59:58+01:00")
    )
    assert polling.today() == "tempo"
    calls = polling.api.call_count

    await polling.tick(timedelta(seconds=3))

    assert polling.today() == "vo2max"
    assert hass.states.get(WORKOUT_TODAY).attributes["date"] == "2026-11-26"
    assert polling.api.call_count == calls


async def test_midnight_listener_removed_on_unload(
    hass: HomeAssistant, polling: Polling
) -> None:
    """After unload nothing is left listening for midnight."""
    entry = polling.entry
    coordinator = entry.runtime_data.coordinator
    updates: list[None] = []
    coordinator.async_add_listener(lambda: updates.append(None))
    await polling.tick(timedelta(days=1))
    assert updates

    assert await hass.config_entries.async_unload(entry.entry_id)
    updates.clear()
    await polling.tick(timedelta(days=1))

    assert not updates


def test_fetch_start() -> None:
    """The startDate sent is exclusive and reaches this week's Monday."""
    # Wednesday: three days back is Sunday, the day before Monday.
    assert fetch_start(date(2026, 11, 25)) == date(2026, 11, 22)
    # Monday: three days back (Friday) is earlier than the day before Monday.
    assert fetch_start(date(2026, 11, 23)) == date(2026, 11, 20)
    # Sunday: the day before Monday is earlier than three days back.
    assert fetch_start(date(2026, 11, 29)) == date(2026, 11, 22)


def test_week_of() -> None:
    """The week is the ISO week, Monday to Sunday."""
    assert week_of(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week_of(date(2026, 11, 30)) == (date(2026, 11, 30), date(2026, 12, 6))


async def test_today_is_local(polling: Polling) -> None:
    """Late evening in Berlin is already tomorrow in UTC terms, and vice versa."""
    coordinator = polling.entry.runtime_data.coordinator
    freezer = polling.freezer

    freezer.move_to(datetime.fromisoformat("2026-11-25T23:30:00+00:00"))
    assert coordinator.today == date(2026, 11, 26)
    freezer.move_to(datetime.fromisoformat("2026-11-25T00:30:00+01:00"))
    assert coordinator.today == date(2026, 11, 25)
