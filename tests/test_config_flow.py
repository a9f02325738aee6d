# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Config flow: OAuth2, test before configure, unique id, reauth, reconfigure."""

from http import HTTPStatus
from typing import Any
from unittest.mock import AsyncMock, patch

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    SOURCE_USER,
    ConfigFlowResult,
)
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


@pytest.fixture
def mock_token(aioclient_mock: AiohttpClientMocker) -> None:
    """Answer the token endpoint with a new token pair."""
    _mock_token(aioclient_mock)


@pytest.mark.usefixtures("mock_workouts", "mock_token")
async def test_full_flow(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    mock_setup_entry: AsyncMock,
) -> None:
    """The account is linked; the plan's user id is the unique id."""

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "AI Endurance"
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
@pytest.mark.usefixtures("mock_workouts", "mock_setup_entry", "mock_token")
async def test_flow_without_account_id(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Without an account id the entry has no unique id, and a second one is fine."""

    for title in ("AI Endurance", "AI Endurance 2"):
        result = await _user_flow(hass, hass_client_no_auth)
        assert result["type"] is FlowResultType.CREATE_ENTRY
        assert result["title"] == title
        assert result["result"].unique_id is None

    assert len(hass.config_entries.async_entries(DOMAIN)) == 2


@pytest.mark.usefixtures("mock_workouts", "mock_setup_entry")
async def test_two_accounts(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
) -> None:
    """A second account is added next to the first."""
    config_entry.add_to_hass(hass)
    aioclient_mock.clear_requests()
    _mock_token(aioclient_mock)
    aioclient_mock.get(WORKOUTS_URL, json=week_plan(user=2))

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["result"].unique_id == "2"
    assert result["title"] == "AI Endurance 2"
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
    ("token", "workouts", "reason"),
    [
        # The token endpoint refuses the code or fails.
        ({"status": HTTPStatus.BAD_REQUEST}, None, "oauth_unauthorized"),
        ({"status": HTTPStatus.UNAUTHORIZED}, None, "oauth_unauthorized"),
        ({"status": HTTPStatus.INTERNAL_SERVER_ERROR}, None, "oauth_failed"),
        # The plan cannot be fetched with the new token.
        (None, {"status": HTTPStatus.UNAUTHORIZED}, "invalid_auth"),
        (None, {"status": HTTPStatus.FORBIDDEN}, "invalid_auth"),
        (None, {"status": HTTPStatus.INTERNAL_SERVER_ERROR}, "cannot_connect"),
        (None, {"status": HTTPStatus.SERVICE_UNAVAILABLE}, "cannot_connect"),
        (None, {"status": HTTPStatus.TOO_MANY_REQUESTS}, "cannot_connect"),
        (None, {"exc": TimeoutError()}, "cannot_connect"),  # cannot be reached
    ],
)
async def test_flow_aborts(
    hass: HomeAssistant,
    *,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    token: dict[str, Any] | None,
    workouts: dict[str, Any] | None,
    reason: str,
) -> None:
    """A refused code or a failed check of the new token: no entry."""
    if token is None:
        _mock_token(aioclient_mock)
    else:
        _mock_token(aioclient_mock, **token, json={"error": "invalid_grant"})
    if workouts is not None:
        aioclient_mock.get(WORKOUTS_URL, **({"json": {"detail": "nope"}} | workouts))

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason
    assert not hass.config_entries.async_entries(DOMAIN)


@pytest.mark.usefixtures("mock_token")
async def test_unexpected_error_at_check(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug at the check aborts with "unknown" and is logged."""
    with patch.object(
        AIEnduranceClient, "get_workouts", side_effect=RuntimeError("boom")
    ):
        result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "unknown"
    assert "Unexpected error while fetching the plan" in caplog.text


@pytest.mark.usefixtures("mock_workouts", "mock_token")
async def test_already_configured(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    config_entry: MockConfigEntry,
) -> None:
    """The same account cannot be added twice."""
    config_entry.add_to_hass(hass)

    result = await _user_flow(hass, hass_client_no_auth)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def _authorize_again(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    entry: MockConfigEntry,
    source: str,
) -> ConfigFlowResult:
    """Reauthenticate (after the confirmation form) or reconfigure ``entry``."""
    if source == SOURCE_REAUTH:
        result = await entry.start_reauth_flow(hass)
        assert result["type"] is FlowResultType.FORM
        assert result["step_id"] == "reauth_confirm"
        assert result["description_placeholders"] == {"name": entry.title}
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    else:
        result = await entry.start_reconfigure_flow(hass)
    return await _authorize(hass, hass_client_no_auth, result)


@pytest.mark.parametrize("source", [SOURCE_REAUTH, SOURCE_RECONFIGURE])
@pytest.mark.parametrize("unique_id", ["1", None])
@pytest.mark.usefixtures("mock_workouts", "mock_setup_entry", "mock_token")
async def test_authorize_again(
    hass: HomeAssistant,
    *,
    hass_client_no_auth: ClientSessionGenerator,
    config_entry: MockConfigEntry,
    source: str,
    unique_id: str | None,
) -> None:
    """The same entry gets the new token; one without unique id keeps none.

    (No unique id: the entity ids of such an entry stay stable.)
    """
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(config_entry, unique_id=unique_id)

    result = await _authorize_again(hass, hass_client_no_auth, config_entry, source)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == f"{source}_successful"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert config_entry.unique_id == unique_id
    assert config_entry.data["token"]["access_token"] == "new-access-token"
    assert config_entry.data["auth_implementation"] == DOMAIN


@pytest.mark.parametrize("source", [SOURCE_REAUTH, SOURCE_RECONFIGURE])
@pytest.mark.parametrize(
    ("workouts", "reason"),
    [
        ({"json": week_plan(user=2)}, "wrong_account"),  # another account
        ({"status": HTTPStatus.UNAUTHORIZED}, "invalid_auth"),  # checked first
    ],
)
@pytest.mark.usefixtures("mock_token")
async def test_authorize_again_refused(
    hass: HomeAssistant,
    *,
    hass_client_no_auth: ClientSessionGenerator,
    aioclient_mock: AiohttpClientMocker,
    config_entry: MockConfigEntry,
    source: str,
    workouts: dict[str, Any],
    reason: str,
) -> None:
    """Another account, or a token that fails the check: the entry is unchanged."""
    config_entry.add_to_hass(hass)
    aioclient_mock.get(WORKOUTS_URL, **workouts)

    result = await _authorize_again(hass, hass_client_no_auth, config_entry, source)

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason
    assert config_entry.data["token"]["access_token"] == "test-access-token"


async def test_credentials_placeholders(hass: HomeAssistant) -> None:
    """The credentials dialog names the redirect URI to register."""
    assert await async_get_description_placeholders(hass) == {
        "ai_endurance_url": "https://aiendurance.com",
        "redirect_url": "https://my.home-assistant.io/redirect/oauth",
    }
