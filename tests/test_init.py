# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Setup, unload, removal (token revocation), token refresh, the dev override."""

import asyncio
from datetime import datetime
from http import HTTPStatus
import itertools
import logging
import time
from typing import Any
from unittest.mock import patch

from aiohttp import ClientConnectionError, ClientResponseError
from homeassistant.components.application_credentials import (
    DOMAIN as APPLICATION_CREDENTIALS,
)
from homeassistant.config_entries import SOURCE_REAUTH, ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.config_entry_oauth2_flow import (
    OAuth2Session,
    async_get_config_entry_implementation,
)
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
    AiohttpClientMockResponse,
)
from yarl import URL

from custom_components.ai_endurance.api.const import REVOKE_URL, TOKEN_URL
from custom_components.ai_endurance.application_credentials import (
    async_get_authorization_server,
)
from custom_components.ai_endurance.auth import AsyncConfigEntryAuth
from custom_components.ai_endurance.config_flow import entry_title
from custom_components.ai_endurance.const import (
    DATA_DEV_BASE_URL,
    DOMAIN,
    Endpoints,
    get_endpoints,
)

from .conftest import (
    ACCESS_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    FAR_FUTURE,
    NOW,
    REFRESH_TOKEN,
    WORKOUTS_URL,
    SetupIntegration,
)

EXPIRED = datetime.fromisoformat(NOW).timestamp() - 60
"""An access token that expired a minute before the tests' frozen now."""
REFRESHED = {
    "access_token": "refreshed-access-token",
    "refresh_token": "refreshed-refresh-token",
    "token_type": "Bearer",
    "expires_in": 36000,
}


@pytest.mark.usefixtures("mock_workouts")
async def test_setup_and_unload(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    device_registry: dr.DeviceRegistry,
) -> None:
    """The entry loads with one request, one service device, and unloads cleanly."""
    entry = await setup_integration()

    assert entry.state is ConfigEntryState.LOADED
    assert aioclient_mock.call_count == 1
    _, _, _, headers = aioclient_mock.mock_calls[0]
    assert headers["Authorization"] == f"Bearer {ACCESS_TOKEN}"
    assert entry.runtime_data.coordinator.data.account_id == "1"
    (device,) = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    assert device.identifiers == {(DOMAIN, "1")}
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    assert device.manufacturer == "AI Endurance"
    assert device.name == "AI Endurance"
    assert hass.states.get("sensor.ai_endurance_workout_today").state == "tempo"

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.NOT_LOADED
    assert hass.states.get("sensor.ai_endurance_workout_today").state == ("unavailable")


@pytest.mark.usefixtures("mock_workouts")
async def test_second_account_names(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    config_entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
) -> None:
    """A second account's device and entity ids carry its account id."""
    first = await setup_integration()
    second = MockConfigEntry(
        domain=DOMAIN,
        title=entry_title("2", existing_entries=1),
        unique_id="2",
        data=config_entry.data,
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()

    names = {
        entry.entry_id: device.name
        for entry in (first, second)
        for device in dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    }
    assert names == {first.entry_id: "AI Endurance", second.entry_id: "AI Endurance 2"}
    assert hass.states.get("sensor.ai_endurance_workout_today").state == "tempo"
    assert hass.states.get("sensor.ai_endurance_2_workout_today").state == "tempo"


@pytest.mark.parametrize(
    ("status", "state"),
    [
        (HTTPStatus.INTERNAL_SERVER_ERROR, ConfigEntryState.SETUP_RETRY),
        (HTTPStatus.TOO_MANY_REQUESTS, ConfigEntryState.SETUP_RETRY),
        (HTTPStatus.UNAUTHORIZED, ConfigEntryState.SETUP_ERROR),
    ],
)
async def test_setup_fails(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    status: HTTPStatus,
    state: ConfigEntryState,
) -> None:
    """The first fetch fails: retry later, or start reauthentication.

    A 401 is answered again after the forced refresh (see test_token_refused).
    """
    aioclient_mock.get(WORKOUTS_URL, status=status, headers={"Retry-After": "60"})
    aioclient_mock.post(TOKEN_URL, json=REFRESHED)

    entry = await setup_integration()

    assert entry.state is state
    reauth = [
        flow
        for flow in hass.config_entries.flow.async_progress_by_handler(DOMAIN)
        if flow["context"]["source"] == SOURCE_REAUTH
    ]
    assert len(reauth) == (1 if status == HTTPStatus.UNAUTHORIZED else 0)


@pytest.mark.parametrize(
    ("refresh", "requests", "state", "reauth"),
    [
        # Refreshed, and the new token is refused too.
        ({"json": REFRESHED}, 3, ConfigEntryState.SETUP_ERROR, True),
        (
            {"status": HTTPStatus.BAD_REQUEST, "json": {"error": "invalid_grant"}},
            2,
            ConfigEntryState.SETUP_ERROR,
            True,
        ),
        (
            {"status": HTTPStatus.SERVICE_UNAVAILABLE},
            2,
            ConfigEntryState.SETUP_RETRY,
            False,
        ),
        ({"exc": ClientConnectionError()}, 2, ConfigEntryState.SETUP_RETRY, False),
    ],
)
async def test_token_refused(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    *,
    refresh: dict[str, Any],
    requests: int,
    state: ConfigEntryState,
    reauth: bool,
) -> None:
    """A 401 for a token valid by its expiry forces one refresh first.

    Refused again once refreshed, or the refresh refused: reauthentication.
    A refresh that fails for a passing reason retries setup, no reauth.
    """
    aioclient_mock.get(WORKOUTS_URL, status=HTTPStatus.UNAUTHORIZED)
    aioclient_mock.post(TOKEN_URL, **refresh)

    entry = await setup_integration()

    assert entry.state is state
    methods = [method for method, _, _, _ in aioclient_mock.mock_calls]
    assert methods == ["GET", "POST", "GET"][:requests]
    _, _, form, _ = aioclient_mock.mock_calls[1]
    assert form["grant_type"] == "refresh_token"
    assert form["refresh_token"] == REFRESH_TOKEN
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [f["context"]["source"] for f in flows] == (
        [SOURCE_REAUTH] if reauth else []
    )


@pytest.mark.parametrize("token_expires_at", [EXPIRED])
@pytest.mark.usefixtures("mock_workouts")
async def test_token_refresh(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """An expired access token is refreshed and stored before the request."""
    aioclient_mock.post(TOKEN_URL, json=REFRESHED)

    entry = await setup_integration()

    assert entry.state is ConfigEntryState.LOADED
    assert entry.data["token"]["access_token"] == "refreshed-access-token"
    assert entry.data["token"]["refresh_token"] == "refreshed-refresh-token"
    _, _, form, _ = aioclient_mock.mock_calls[0]
    assert form["grant_type"] == "refresh_token"
    assert form["refresh_token"] == REFRESH_TOKEN
    _, _, _, headers = aioclient_mock.mock_calls[1]
    assert headers["Authorization"] == "Bearer refreshed-access-token"


@pytest.mark.parametrize("token_expires_at", [EXPIRED])
@pytest.mark.parametrize(
    ("status", "state", "reauth"),
    [
        (HTTPStatus.BAD_REQUEST, ConfigEntryState.SETUP_ERROR, True),
        (HTTPStatus.UNAUTHORIZED, ConfigEntryState.SETUP_ERROR, True),
        (HTTPStatus.INTERNAL_SERVER_ERROR, ConfigEntryState.SETUP_RETRY, False),
        (HTTPStatus.TOO_MANY_REQUESTS, ConfigEntryState.SETUP_RETRY, False),
    ],
)
async def test_token_refresh_fails(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    *,
    status: HTTPStatus,
    state: ConfigEntryState,
    reauth: bool,
) -> None:
    """A refused refresh starts reauthentication; a failing one retries setup."""
    aioclient_mock.post(TOKEN_URL, status=status, json={"error": "invalid_grant"})

    entry = await setup_integration()

    assert entry.state is state
    flows = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert [f["context"]["source"] for f in flows] == (
        [SOURCE_REAUTH] if reauth else []
    )


@pytest.mark.parametrize("token_expires_at", [EXPIRED])
async def test_token_refresh_no_answer(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """The token endpoint cannot be reached: setup is retried."""
    aioclient_mock.post(TOKEN_URL, exc=ClientConnectionError())

    entry = await setup_integration()

    assert entry.state is ConfigEntryState.SETUP_RETRY


async def test_credentials_removed(
    hass: HomeAssistant,
    setup_credentials: None,
    config_entry: MockConfigEntry,
) -> None:
    """Without its application credentials the entry asks for reauthentication."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        unique_id="1",
        data={**config_entry.data, "auth_implementation": "gone"},
    )
    entry.add_to_hass(hass)

    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.SETUP_ERROR


@pytest.mark.usefixtures("mock_workouts")
async def test_remove_revokes_token(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """Removing the entry revokes its refresh token (and with it the access token)."""
    entry = await setup_integration()
    aioclient_mock.post(REVOKE_URL)

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    revoke = [c for c in aioclient_mock.mock_calls if str(c[1]) == REVOKE_URL]
    assert len(revoke) == 1
    assert revoke[0][2] == {
        "token": REFRESH_TOKEN,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    assert not hass.config_entries.async_entries(DOMAIN)


@pytest.mark.parametrize(
    "answer",
    [
        {"status": HTTPStatus.SERVICE_UNAVAILABLE},
        {"exc": ClientConnectionError()},
        {"exc": RuntimeError("something else")},
    ],
)
@pytest.mark.usefixtures("mock_workouts")
async def test_remove_revoke_fails(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    caplog: pytest.LogCaptureFixture,
    answer: dict[str, object],
) -> None:
    """A failed revocation never blocks the removal, and never logs the token."""
    entry = await setup_integration()
    aioclient_mock.post(REVOKE_URL, **answer)  # type: ignore[arg-type]
    caplog.set_level(logging.DEBUG, logger="custom_components.ai_endurance")

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert not hass.config_entries.async_entries(DOMAIN)
    assert "Could not revoke the token of AI Endurance" in caplog.text
    assert REFRESH_TOKEN not in caplog.text


async def test_remove_revoke_times_out(
    hass: HomeAssistant,
    setup_credentials: None,
    config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A revocation that hangs gives up after REVOKE_TIMEOUT."""

    async def hang(*args: object, **kwargs: object) -> None:
        await asyncio.Event().wait()

    config_entry.add_to_hass(hass)
    caplog.set_level(logging.DEBUG, logger="custom_components.ai_endurance")
    with (
        patch("custom_components.ai_endurance.auth.REVOKE_TIMEOUT", 0),
        patch(
            "custom_components.ai_endurance.auth.revoke_token",
            side_effect=hang,
        ),
    ):
        assert await hass.config_entries.async_remove(config_entry.entry_id)
        await hass.async_block_till_done(wait_background_tasks=True)
        # The timeout cancels the task, which block_till_done stops waiting for.
        for _ in range(3):
            await asyncio.sleep(0)

    assert "Could not revoke the token of AI Endurance: TimeoutError" in (caplog.text)


async def test_remove_without_token(
    hass: HomeAssistant,
    setup_credentials: None,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """An entry without a refresh token is removed without a request."""
    entry = MockConfigEntry(
        domain=DOMAIN, data={"auth_implementation": DOMAIN, "token": {}}
    )
    entry.add_to_hass(hass)

    assert await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)

    assert aioclient_mock.call_count == 0


async def test_dev_base_url(hass: HomeAssistant, setup_credentials: None) -> None:
    """The YAML-only override points every URL at one development server."""
    assert get_endpoints(hass).api_base_url == "https://aiendurance.xyz"

    assert await async_setup_component(
        hass, DOMAIN, {DOMAIN: {"dev_base_url": "http://127.0.0.1:8765/"}}
    )

    assert hass.data[DATA_DEV_BASE_URL] == "http://127.0.0.1:8765/"
    assert get_endpoints(hass) == Endpoints(
        authorize_url="http://127.0.0.1:8765/authorize",
        token_url="http://127.0.0.1:8765/o/token/",
        revoke_url="http://127.0.0.1:8765/o/revoke_token/",
        api_base_url="http://127.0.0.1:8765",
    )
    server = await async_get_authorization_server(hass)
    assert server.authorize_url == "http://127.0.0.1:8765/authorize"
    assert server.token_url == "http://127.0.0.1:8765/o/token/"
    assert APPLICATION_CREDENTIALS in hass.config.components


async def test_setup_without_yaml(hass: HomeAssistant) -> None:
    """Without YAML the real service is used."""
    assert await async_setup_component(hass, DOMAIN, {})

    assert DATA_DEV_BASE_URL not in hass.data


@pytest.fixture
async def auth(
    hass: HomeAssistant, setup_credentials: None, config_entry: MockConfigEntry
) -> AsyncConfigEntryAuth:
    """Return the auth adapter of `config_entry`, which is not set up."""
    config_entry.add_to_hass(hass)
    implementation = await async_get_config_entry_implementation(hass, config_entry)
    return AsyncConfigEntryAuth(OAuth2Session(hass, config_entry, implementation))


def _rotating_token_endpoint(aioclient_mock: AiohttpClientMocker) -> None:
    """Answer each refresh with the next token pair, slowly enough to overlap."""
    issued = itertools.count(1)

    async def answer(method: str, url: URL, data: Any) -> AiohttpClientMockResponse:
        for _ in range(5):
            await asyncio.sleep(0)
        number = next(issued)
        return AiohttpClientMockResponse(
            method,
            url,
            json={
                "access_token": f"access-{number}",
                "refresh_token": f"refresh-{number}",
                "token_type": "Bearer",
                "expires_in": 36000,
            },
        )

    aioclient_mock.post(TOKEN_URL, side_effect=answer)


def _spent_refresh_tokens(aioclient_mock: AiohttpClientMocker) -> list[str]:
    return [form["refresh_token"] for _, _, form, _ in aioclient_mock.mock_calls]


async def test_auth_forced_refresh_once(
    auth: AsyncConfigEntryAuth,
    config_entry: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """Refusals at the same time spend the refresh token once; a later one again."""
    _rotating_token_endpoint(aioclient_mock)

    tokens = await asyncio.gather(
        *(auth.async_refresh_access_token() for _ in range(3)),
        auth.async_get_access_token(),
    )

    assert tokens == ["access-1"] * 4
    assert _spent_refresh_tokens(aioclient_mock) == [REFRESH_TOKEN]
    stored = config_entry.data["token"]
    assert stored["refresh_token"] == "refresh-1"
    assert time.time() < stored["expires_at"] < FAR_FUTURE
    assert auth.client_id == CLIENT_ID

    assert await auth.async_get_access_token() == "access-1"
    assert await auth.async_refresh_access_token() == "access-2"
    assert _spent_refresh_tokens(aioclient_mock) == [REFRESH_TOKEN, "refresh-1"]


async def test_auth_forced_refresh_refused(
    auth: AsyncConfigEntryAuth,
    config_entry: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """A refused forced refresh leaves the token expired: the next use refreshes."""
    aioclient_mock.post(
        TOKEN_URL, status=HTTPStatus.BAD_REQUEST, json={"error": "invalid_grant"}
    )

    with pytest.raises(ClientResponseError) as refused:
        await auth.async_refresh_access_token()

    assert refused.value.status == HTTPStatus.BAD_REQUEST
    assert config_entry.data["token"]["expires_at"] == 0
    assert config_entry.data["token"]["access_token"] == ACCESS_TOKEN
    aioclient_mock.clear_requests()
    _rotating_token_endpoint(aioclient_mock)
    assert await auth.async_get_access_token() == "access-1"
    assert _spent_refresh_tokens(aioclient_mock) == [REFRESH_TOKEN]
