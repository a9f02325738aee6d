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
from pytest_homeassistant_custom_component.common import async_fire_time_changed
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)
from yarl import URL

from custom_components.ai_endurance.api.const import TOKEN_URL
from custom_components.ai_endurance.const import DOMAIN, UPDATE_INTERVAL
from custom_components.ai_endurance.coordinator import fetch_start, week_of

from .conftest import WORKOUTS_URL, SetupIntegration, week_plan

WORKOUT_TODAY = "sensor.ai_endurance_workout_today"
REFRESHED = {
    "access_token": "refreshed-access-token",
    "refresh_token": "refreshed-refresh-token",
    "token_type": "Bearer",
    "expires_in": 36000,
}

pytestmark = pytest.mark.usefixtures("mock_workouts")


def _answer(aioclient_mock: AiohttpClientMocker, **kwargs: Any) -> None:
    """Make the workouts endpoint answer differently from now on."""
    aioclient_mock.clear_requests()
    aioclient_mock.get(WORKOUTS_URL, **kwargs)


async def _tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta
) -> None:
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def test_auth_error_starts_reauth(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A token refused even once refreshed: unavailable, reauthentication asked."""
    entry = await setup_integration()
    _answer(aioclient_mock, status=HTTPStatus.UNAUTHORIZED)
    aioclient_mock.post(TOKEN_URL, json=REFRESHED)

    await _tick(hass, freezer, UPDATE_INTERVAL)

    # 401, one forced refresh, the same request once more: 401 again.
    calls = [
        (method, url.with_query(None))
        for method, url, _, _ in aioclient_mock.mock_calls
    ]
    assert calls == [
        ("GET", URL(WORKOUTS_URL)),
        ("POST", URL(TOKEN_URL)),
        ("GET", URL(WORKOUTS_URL)),
    ]
    _, _, _, headers = aioclient_mock.mock_calls[2]
    assert headers["Authorization"] == "Bearer refreshed-access-token"
    assert entry.data["token"]["access_token"] == REFRESHED["access_token"]

    assert hass.states.get(WORKOUT_TODAY).state == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    assert flows[0]["context"]["entry_id"] == entry.entry_id
    assert entry.state is ConfigEntryState.LOADED

    # No more polling until the user has authorized again.
    await _tick(hass, freezer, UPDATE_INTERVAL * 3)
    assert aioclient_mock.call_count == 3


@pytest.mark.parametrize(
    "status", [HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE]
)
async def test_retry_after_is_honoured(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    status: HTTPStatus,
) -> None:
    """After 429 (or 503) with Retry-After the next request waits as long as asked."""
    await setup_integration()
    _answer(aioclient_mock, status=status, headers={"Retry-After": "120"})

    await _tick(hass, freezer, UPDATE_INTERVAL)

    assert hass.states.get(WORKOUT_TODAY).state == STATE_UNAVAILABLE
    _answer(aioclient_mock, json=week_plan())
    await _tick(hass, freezer, timedelta(seconds=115))
    assert aioclient_mock.call_count == 0
    await _tick(hass, freezer, timedelta(seconds=10))
    assert aioclient_mock.call_count == 1
    assert hass.states.get(WORKOUT_TODAY).state == "tempo"


async def test_rate_limit_without_retry_after(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 429 without Retry-After waits one regular interval."""
    await setup_integration()
    _answer(aioclient_mock, status=HTTPStatus.TOO_MANY_REQUESTS)
    await _tick(hass, freezer, UPDATE_INTERVAL)
    _answer(aioclient_mock, json=week_plan())

    await _tick(hass, freezer, UPDATE_INTERVAL - timedelta(minutes=1))
    assert aioclient_mock.call_count == 0
    await _tick(hass, freezer, timedelta(minutes=2))
    assert aioclient_mock.call_count == 1


async def test_unavailable_and_recovery_logged_once(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """5xx: unavailable; logged once when it goes away and once when it is back."""
    await setup_integration()
    _answer(aioclient_mock, status=HTTPStatus.INTERNAL_SERVER_ERROR)

    for _ in range(3):
        await _tick(hass, freezer, UPDATE_INTERVAL)
        assert hass.states.get(WORKOUT_TODAY).state == STATE_UNAVAILABLE
    assert aioclient_mock.call_count == 3

    _answer(aioclient_mock, json=week_plan())
    for _ in range(2):
        await _tick(hass, freezer, UPDATE_INTERVAL)
        assert hass.states.get(WORKOUT_TODAY).state == "tempo"

    assert caplog.text.count("Error fetching ai_endurance data") == 1
    assert caplog.text.count("Fetching ai_endurance data recovered") == 1


async def test_connection_error(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> None:
    """No answer at all: unavailable until the next successful poll."""
    await setup_integration()
    _answer(aioclient_mock, exc=TimeoutError())

    await _tick(hass, freezer, UPDATE_INTERVAL)

    assert hass.states.get(WORKOUT_TODAY).state == STATE_UNAVAILABLE


async def test_midnight_rollover_without_request(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> None:
    """At local midnight "today" moves on from the data held: no request."""
    await setup_integration()
    freezer.move_to("2026-11-25T23:59:58+01:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert hass.states.get(WORKOUT_TODAY).state == "tempo"
    calls = aioclient_mock.call_count

    await _tick(hass, freezer, timedelta(seconds=3))

    assert hass.states.get(WORKOUT_TODAY).state == "vo2max"
    assert hass.states.get(WORKOUT_TODAY).attributes["date"] == "2026-11-26"
    assert aioclient_mock.call_count == calls


async def test_midnight_listener_removed_on_unload(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
) -> None:
    """After unload nothing is left listening for midnight."""
    entry = await setup_integration()
    coordinator = entry.runtime_data.coordinator
    updates: list[None] = []
    coordinator.async_add_listener(lambda: updates.append(None))
    await _tick(hass, freezer, timedelta(days=1))
    assert updates

    assert await hass.config_entries.async_unload(entry.entry_id)
    updates.clear()
    await _tick(hass, freezer, timedelta(days=1))

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


async def test_today_is_local(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Late evening in Berlin is already tomorrow in UTC terms, and vice versa."""
    entry = await setup_integration()
    coordinator = entry.runtime_data.coordinator

    freezer.move_to(datetime.fromisoformat("2026-11-25T23:30:00+00:00"))
    assert coordinator.today == date(2026, 11, 26)
    freezer.move_to(datetime.fromisoformat("2026-11-25T00:30:00+01:00"))
    assert coordinator.today == date(2026, 11, 25)
