# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Config flow: OAuth2, test before configure, unique id, reauth, reconfigure."""

from http import HTTPStatus
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import SOURCE_USER, ConfigFlowResult
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import config_entry_oauth2_flow
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ai_endurance.api.client import AIEnduranceClient
from custom_components.ai_endurance.api.const import AUTHORIZE_URL, TOKEN_URL
from custom_components.ai_endurance.application_credentials import (
    async_get_description_placeholders,
)
from custom_components.ai_endurance.const import DOMAIN

from .conftest import CLIENT_ID, CLIENT_SECRET, WORKOUTS_URL, week_plan

REDIRECT_URI = "https://example.com/auth/external/callback"
NEW_TOKEN = {
    "access_token": "new-access-token",
    "refresh_token": "new-refresh-token",
    "token_type": "Bearer",
    "scope": "read write",
    "expires_in": 36000,
}

pytestmark = pytest.mark.usefixtures(
    "berlin", "setup_credentials", "current_request_with_host"
)


async def _authorize(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    result: ConfigFlowResult,
    *,
    query: str = "code=auth-code",
) -> ConfigFlowResult:
    """Go through AI Endurance's authorize page and back to Home Assistant."""
    assert result["type"] is FlowResultType.EXTERNAL_STEP
    state = config_entry_oauth2_flow._encode_jwt(
        hass, {"flow_id": result["flow_id"], "redirect_uri": REDIRECT_URI}
    )
    assert result["url"] == (
        f"{AUTHORIZE_URL}?response_type=code&client_id={CLIENT_ID}"
        f"&redirect_uri={REDIRECT_URI}&state={state}"
    )
    client = await hass_client_no_auth()
    response = await client.get(f"/auth/external/callback?{query}&state={state}")
    assert response.status == HTTPStatus.OK
    return await hass.config_entries.flow.async_configure(result["flow_id"])


async def _user_flow(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    *,
    query: str = "code=auth-code",
) -> ConfigFlowResult:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return await _authorize(hass, hass_client_no_auth, result, query=query)


def _mock_token(aioclient_mock: AiohttpClientMocker, **kwargs: Any) -> None:
    aioclient_mock.post(TOKEN_URL, **(kwargs or {"json": NEW_TOKEN}))


@pytest.mark.usefixtures("mock_workouts")
async def test_full_flow(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    mock_setup_entry: AsyncMock,
) -> None:
    """The account is linked; the plan's user id is the unique id."""
    _mock_token(aioclient_mock)

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "AI Endurance (1)"
    entry = result["result"]
    assert entry.unique_id == "1"
    assert entry.data["auth_implementation"] == DOMAIN
    token = entry.data["token"]
    assert token["access_token"] == "new-access-token"
    assert token["refresh_token"] == "new-refresh-token"
    assert "expires_at" in token
    assert len(mock_setup_entry.mock_calls) == 1

    # The code went to the token endpoint with the client's credentials, and
    # the plan was fetched with the new token, from a few days back.
    _, _, form, _ = next(c for c in aioclient_mock.mock_calls if c[0].upper() == "POST")
    assert form["code"] == "auth-code"
    assert form["client_id"] == CLIENT_ID
    assert form["client_secret"] == CLIENT_SECRET
    method, url, _, headers = aioclient_mock.mock_calls[-1]
    assert method == "GET"
    assert url.path == "/o/future_workout_static/"
    assert url.query["startDate"] == "2026-11-22"
    assert headers["Authorization"] == "Bearer new-access-token"


@pytest.mark.parametrize("plan_json", [[], week_plan(user=None)])
@pytest.mark.usefixtures("mock_workouts")
async def test_flow_without_account_id(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    mock_setup_entry: AsyncMock,
) -> None:
    """Without an account id the entry has no unique id, and a second one is fine."""
    _mock_token(aioclient_mock)

    for _ in range(2):
        result = await _user_flow(hass, hass_client_no_auth)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["title"] == "AI Endurance"
        assert result["result"].unique_id is None

    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


@pytest.mark.usefixtures("mock_workouts")
async def test_two_accounts(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """A second account is added next to the first."""
    config_entry.add_to_hass(hass)
    aioclient_mock.clear_requests()
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, json=week_plan(user=2))

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == "2"
    assert result["title"] == "AI Endurance (2)"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


async def test_user_declines(
    hass: HomeAssistant, hass_client_no_auth: ClientSessionGenerator
) -> None:
    """The user denies access on AI Endurance's page: no code comes back."""
    result = await _user_flow(hass, hass_client_no_auth, query="error=access_denied")

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "user_rejected_authorize"
    assert result["description_placeholders"] == {"error": "access_denied"}


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (HTTPStatus.BAD_REQUEST, "oauth_unauthorized"),
        (HTTPStatus.UNAUTHORIZED, "oauth_unauthorized"),
        (HTTPStatus.INTERNAL_SERVER_ERROR, "oauth_failed"),
    ],
)
async def test_token_error(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    status: HTTPStatus,
    reason: str,
) -> None:
    """The token endpoint refuses the code or fails."""
    _mock_token(aioclient_mock, status=status, json={"error": "invalid_grant"})

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason
    assert not hass.config_entries.async_entries(DOMAIN)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (HTTPStatus.UNAUTHORIZED, "invalid_auth"),
        (HTTPStatus.FORBIDDEN, "invalid_auth"),
        (HTTPStatus.INTERNAL_SERVER_ERROR, "cannot_connect"),
        (HTTPStatus.SERVICE_UNAVAILABLE, "cannot_connect"),
        (HTTPStatus.TOO_MANY_REQUESTS, "cannot_connect"),
    ],
)
async def test_api_error_at_check(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    status: HTTPStatus,
    reason: str,
) -> None:
    """The plan cannot be fetched with the new token: no entry."""
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, status=status, json={"detail": "nope"})

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason
    assert not hass.config_entries.async_entries(DOMAIN)


async def test_api_down_at_check(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """AI Endurance cannot be reached at the check."""
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, exc=TimeoutError())

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "cannot_connect"


async def test_unexpected_error_at_check(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug at the check aborts with "unknown" and is logged."""
    _mock_token(aioclient_mock)
    with patch.object(
        AIEnduranceClient, "get_workouts", side_effect=RuntimeError("boom")
    ):
        result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unknown"
    assert "Unexpected error while fetching the plan" in caplog.text


@pytest.mark.usefixtures("mock_workouts")
async def test_already_configured(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
) -> None:
    """The same account cannot be added twice."""
    config_entry.add_to_hass(hass)
    _mock_token(aioclient_mock)

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def _reauth(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    entry: MockConfigEntry,
) -> ConfigFlowResult:
    result = await entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"] == {"name": entry.title}
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    return await _authorize(hass, hass_client_no_auth, result)


@pytest.mark.usefixtures("mock_workouts")
async def test_reauth(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Reauthentication updates the same entry with the new token."""
    config_entry.add_to_hass(hass)
    _mock_token(aioclient_mock)

    result = await _reauth(hass, hass_client_no_auth, config_entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert config_entry.unique_id == "1"
    assert config_entry.data["token"]["access_token"] == "new-access-token"
    assert config_entry.data["auth_implementation"] == DOMAIN


async def test_reauth_wrong_account(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
) -> None:
    """Authorizing another account does not change the entry."""
    config_entry.add_to_hass(hass)
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, json=week_plan(user=2))

    result = await _reauth(hass, hass_client_no_auth, config_entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"
    assert config_entry.data["token"]["access_token"] == "test-access-token"


@pytest.mark.usefixtures("mock_workouts")
async def test_reauth_entry_without_unique_id(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """An entry created without an account id keeps none (stable entity ids)."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(config_entry, unique_id=None)
    _mock_token(aioclient_mock)

    result = await _reauth(hass, hass_client_no_auth, config_entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert config_entry.unique_id is None
    assert config_entry.data["token"]["access_token"] == "new-access-token"


async def test_reauth_check_fails(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
) -> None:
    """Reauthentication is tested before the entry is updated."""
    config_entry.add_to_hass(hass)
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, status=HTTPStatus.UNAUTHORIZED)

    result = await _reauth(hass, hass_client_no_auth, config_entry)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "invalid_auth"
    assert config_entry.data["token"]["access_token"] == "test-access-token"


@pytest.mark.usefixtures("mock_workouts")
async def test_reconfigure(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """Reconfiguration authorizes again and updates the same entry."""
    config_entry.add_to_hass(hass)
    _mock_token(aioclient_mock)

    result = await config_entry.start_reconfigure_flow(hass)
    result = await _authorize(hass, hass_client_no_auth, result)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert config_entry.data["token"]["access_token"] == "new-access-token"


async def test_reconfigure_wrong_account(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
) -> None:
    """Reconfiguration cannot switch the entry to another account."""
    config_entry.add_to_hass(hass)
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, json=week_plan(user=2))

    result = await config_entry.start_reconfigure_flow(hass)
    result = await _authorize(hass, hass_client_no_auth, result)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_account"


async def test_credentials_placeholders(hass: HomeAssistant) -> None:
    """The credentials dialog names the redirect URI to register."""
    assert await async_get_description_placeholders(hass) == {
        "ai_endurance_url": "https://aiendurance.com",
        "redirect_url": "https://my.home-assistant.io/redirect/oauth",
    }
