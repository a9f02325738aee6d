# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The real integration against the simulator over loopback.

Nothing is mocked between Home Assistant and the simulator: the OAuth2 consent
page and token exchange, the shared aiohttp session, the client, the
coordinator and the sensors. The development base-URL override (YAML) points
the integration at the simulator.
"""

import asyncio
import re
import time
from unittest.mock import MagicMock

from aiohttp import ClientSession
from homeassistant.config_entries import SOURCE_REAUTH, SOURCE_USER, ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import config_entry_oauth2_flow
import multidict
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from yarl import URL

from custom_components.ai_endurance.api import WorkoutPlan
from custom_components.ai_endurance.api.exceptions import AIEnduranceAuthError
from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.sensor_descriptions import workout_type_state
from simulator.accounts import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from simulator.testing import SimulatorServer

from .conftest import AddAccount, entity_id_of, state_of

WORKOUTS_PATH = "/o/future_workout_static/"
LOCAL_HA = "http://127.0.0.1:8123"
"""Home Assistant's address as the browser sees it (the redirect URI's base)."""


@pytest.fixture
def current_request_local(current_request: MagicMock) -> None:
    """Make the flow build the loopback redirect URI the dev client accepts."""
    request = current_request.get.return_value
    headers = multidict.CIMultiDict(request.headers)
    headers[config_entry_oauth2_flow.HEADER_FRONTEND_BASE] = LOCAL_HA
    current_request.get.return_value = request.clone(headers=headers)


def _sensor(hass: HomeAssistant, entry: MockConfigEntry, key: str) -> str:
    entity_id = entity_id_of(hass, "sensor", f"{entry.unique_id}_{key}")
    return state_of(hass, entity_id).state


@pytest.mark.usefixtures("dev_setup", "current_request_local")
async def test_oauth_flow_and_sensors(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    simulator: SimulatorServer,
) -> None:
    """Add the account through the simulator's consent page; today's workout shows."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.EXTERNAL_STEP
    authorize = URL(result["url"])
    assert str(authorize.with_query(None)) == f"{simulator.url}/authorize"
    assert authorize.query["redirect_uri"] == f"{LOCAL_HA}/auth/external/callback"

    # The user's browser: the consent page, then "Authorize" for athlete 1.
    async with ClientSession() as browser:
        async with browser.get(authorize) as page:
            assert page.status == 200
            assert re.search(r"name=.action.", await page.text())
        async with browser.post(
            f"{simulator.url}/authorize",
            data={**authorize.query, "athlete": "1", "action": "authorize"},
            allow_redirects=False,
        ) as answer:
            assert answer.status == 302
            callback = URL(answer.headers["Location"])
    assert callback.path == "/auth/external/callback"
    assert "code" in callback.query

    client = await hass_client_no_auth()
    response = await client.get(f"{callback.path}?{callback.query_string}")
    assert response.status == 200
    result = await hass.config_entries.flow.async_configure(result["flow_id"])
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.CREATE_ENTRY
    entry = result["result"]
    assert entry.unique_id == "1"
    assert entry.title == "AI Endurance"
    assert entry.state is ConfigEntryState.LOADED
    # One request for the check in the flow, one for the first refresh.
    assert simulator.state.request_count(WORKOUTS_PATH) == 2

    coordinator = entry.runtime_data.coordinator
    plan = WorkoutPlan.from_list(simulator.state.workouts("1"))
    expected = workout_type_state(plan.main_on(coordinator.today))
    assert _sensor(hass, entry, "workout_today") == expected
    assert coordinator.data.on(coordinator.today) == plan.on(coordinator.today)


async def test_polling_faults_and_refresh(
    hass: HomeAssistant, simulator: SimulatorServer, add_account: AddAccount
) -> None:
    """Real polling: the plan, a server fault and recovery, a token refresh."""
    entry = await add_account()
    assert entry.state is ConfigEntryState.LOADED
    coordinator = entry.runtime_data.coordinator
    today = coordinator.today

    # The coordinator holds today's workouts, fetched with startDate days back.
    plan = WorkoutPlan.from_list(simulator.state.workouts("1"))
    assert coordinator.data.on(today) == plan.on(today)
    assert _sensor(hass, entry, "workout_today") == workout_type_state(
        plan.main_on(today)
    )
    assert _sensor(hass, entry, "duration_this_week") != STATE_UNAVAILABLE

    # A 5xx: unavailable; the next poll recovers.
    simulator.set_fault("server_error", count=1)
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _sensor(hass, entry, "workout_today") == STATE_UNAVAILABLE
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert _sensor(hass, entry, "workout_today") != STATE_UNAVAILABLE

    # An expired access token is refreshed at the simulator's token endpoint.
    old_token = dict(entry.data["token"])
    hass.config_entries.async_update_entry(
        entry, data={**entry.data, "token": {**old_token, "expires_at": 0}}
    )
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert simulator.state.request_count("/o/token/", "POST") == 1
    new_token = entry.data["token"]
    assert new_token["access_token"] != old_token["access_token"]
    assert new_token["refresh_token"] != old_token["refresh_token"]
    assert coordinator.last_update_success


async def test_token_refused_before_expiry_is_refreshed(
    hass: HomeAssistant, simulator: SimulatorServer, add_account: AddAccount
) -> None:
    """A 401 for a token valid by its expiry: one refresh, no reauthentication."""
    entry = await add_account()
    coordinator = entry.runtime_data.coordinator
    old_token = dict(entry.data["token"])
    simulator.set_fault("expired_token", count=1)

    await coordinator.async_refresh()
    await hass.async_block_till_done()

    assert coordinator.last_update_success
    assert _sensor(hass, entry, "workout_today") != STATE_UNAVAILABLE
    assert not hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    # The first refresh, the poll refused once and sent again.
    assert simulator.state.request_count(WORKOUTS_PATH) == 3
    assert simulator.state.request_count("/o/token/", "POST") == 1
    new_token = entry.data["token"]
    assert new_token["access_token"] != old_token["access_token"]
    assert new_token["refresh_token"] != old_token["refresh_token"]
    assert new_token["expires_at"] > time.time()


async def test_parallel_refusals_refresh_once(
    hass: HomeAssistant, simulator: SimulatorServer, add_account: AddAccount
) -> None:
    """Requests refused together spend the rotating refresh token once."""
    entry = await add_account()
    client = entry.runtime_data.client
    simulator.set_fault("expired_token")  # until cleared: the retries fail too

    results = await asyncio.gather(
        *(client.get_workouts() for _ in range(3)), return_exceptions=True
    )

    assert all(isinstance(result, AIEnduranceAuthError) for result in results)
    assert simulator.state.request_count("/o/token/", "POST") == 1
    # The refreshed token is stored and works once the server takes it again.
    simulator.clear_faults()
    await entry.runtime_data.coordinator.async_refresh()
    assert entry.runtime_data.coordinator.last_update_success
    assert simulator.state.request_count("/o/token/", "POST") == 1


async def test_revoked_token_starts_reauth(
    hass: HomeAssistant, simulator: SimulatorServer, add_account: AddAccount
) -> None:
    """Tokens revoked at AI Endurance: entities unavailable, reauthentication asked."""
    entry = await add_account()
    simulator.set_fault("revoked_token")

    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()

    assert _sensor(hass, entry, "workout_today") == STATE_UNAVAILABLE
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [flow["context"]["source"] for flow in flows] == [SOURCE_REAUTH]
    # The 401 forced one refresh, which the revoked refresh token could not pass.
    assert simulator.state.request_count("/o/token/", "POST") == 1
    assert simulator.state.request_count(WORKOUTS_PATH) == 2  # setup, the poll


async def test_remove_revokes_at_simulator(
    hass: HomeAssistant, simulator: SimulatorServer, add_account: AddAccount
) -> None:
    """Removing the entry revokes its refresh token at the simulator."""
    entry = await add_account()
    token = dict(entry.data["token"])

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert simulator.state.request_count("/o/revoke_token/", "POST") == 1
    # The refresh token (and the access token issued with it) no longer work.
    async with ClientSession() as session:
        async with session.post(
            f"{simulator.url}/o/token/",
            data={
                "grant_type": "refresh_token",
                "refresh_token": token["refresh_token"],
                "client_id": DEV_CLIENT_ID,
                "client_secret": DEV_CLIENT_SECRET,
            },
        ) as answer:
            assert answer.status == 400
        async with session.get(
            f"{simulator.url}{WORKOUTS_PATH}",
            headers={"Authorization": f"Bearer {token['access_token']}"},
        ) as answer:
            assert answer.status == 401
