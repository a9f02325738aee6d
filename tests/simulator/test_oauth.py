# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""OAuth2 of the simulator: authorize page, codes, token grants, revoke."""

import base64
from typing import Any

from aiohttp import ClientSession
import pytest
from yarl import URL

from simulator.testing import ManualClock, SimulatorServer
from simulator.tokens import ACCESS_TOKEN_LIFETIME

from .conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    REDIRECT_URI,
    REVOKE,
    TOKEN,
    bearer,
    get_workouts,
)

AUTHORIZE_QUERY = {
    "response_type": "code",
    "client_id": CLIENT_ID,
    "redirect_uri": REDIRECT_URI,
    "state": "state-123",
}


async def authorize(
    session: ClientSession,
    server: SimulatorServer,
    *,
    action: str = "authorize",
    athlete: str = "1",
    **fields: str,
) -> URL:
    """Post the consent form; return the redirect location."""
    data = {**AUTHORIZE_QUERY, "action": action, "athlete": athlete, **fields}
    async with session.post(
        f"{server.url}/authorize", data=data, allow_redirects=False
    ) as response:
        assert response.status == 302, await response.text()
        return URL(response.headers["Location"])


async def get_code(
    session: ClientSession, server: SimulatorServer, athlete: str = "1"
) -> str:
    """Run the consent step; return the code."""
    location = await authorize(session, server, athlete=athlete)
    return location.query["code"]


async def post_token(
    session: ClientSession,
    server: SimulatorServer,
    data: dict[str, str],
    *,
    credentials: bool = True,
    path: str = TOKEN,
    headers: dict[str, str] | None = None,
    as_json: bool = False,
) -> tuple[int, Any]:
    """POST a form (or JSON) to the token or revoke endpoint; return status, body."""
    body = {**data}
    if credentials:
        body |= {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    sent = {"json": body} if as_json else {"data": body}
    async with session.post(f"{server.url}{path}", headers=headers, **sent) as response:
        if path == REVOKE and response.status == 200:
            return response.status, await response.text()
        return response.status, await response.json()


async def refresh(
    session: ClientSession, server: SimulatorServer, refresh_token: str
) -> tuple[int, Any]:
    """Spend ``refresh_token`` at the token endpoint; return status and body."""
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    return await post_token(session, server, data)


async def revoke(
    session: ClientSession, server: SimulatorServer, token: str, **hint: str
) -> tuple[int, Any]:
    """Revoke ``token`` (RFC 7009); return status and body."""
    return await post_token(session, server, {"token": token, **hint}, path=REVOKE)


async def workouts_status(
    session: ClientSession, server: SimulatorServer, access_token: str
) -> int:
    """Return the status of a plan request with ``access_token``."""
    status, _ = await get_workouts(session, server, access_token)
    return status


async def exchange(
    session: ClientSession, server: SimulatorServer, athlete: str = "1"
) -> dict[str, Any]:
    """Get a token pair through the browser flow."""
    code = await get_code(session, server, athlete)
    status, body = await post_token(
        session,
        server,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
        },
    )
    assert status == 200, body
    return dict(body)


# Authorize page


async def test_authorize_page_offers_athletes_and_both_buttons(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    async with session.get(
        f"{simulator.url}/authorize", params=AUTHORIZE_QUERY
    ) as response:
        assert response.status == 200
        assert response.content_type == "text/html"
        page = await response.text()
    assert "Alex Runner" in page
    assert "Sam Rider" in page
    assert "value='authorize'" in page
    assert "value='deny'" in page
    assert "value='state-123'" in page
    assert f"value='{REDIRECT_URI}'" in page


async def test_authorize_accepts_registered_redirects(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    for redirect_uri in (
        "https://my.home-assistant.io/redirect/oauth",
        "http://127.0.0.1:8123/auth/external/callback",
        "http://localhost:9999/auth/external/callback",
        "http://127.0.0.1/auth/external/callback",
    ):
        location = await authorize(session, simulator, redirect_uri=redirect_uri)
        assert str(location).startswith(redirect_uri + "?"), redirect_uri
        assert location.query["state"] == "state-123"


BAD_AUTHORIZE_REQUESTS = [
    ({"client_id": "nobody"}, "unknown"),
    ({"client_id": ""}, "client_id is missing"),
    ({"redirect_uri": "https://evil.example/callback"}, "not registered"),
    ({"redirect_uri": "http://127.0.0.1:8123/auth/other"}, "not registered"),
    ({"redirect_uri": "http://10.0.0.2:8123/auth/external/callback"}, "not"),
    ({"redirect_uri": "http://127.0.0.1:99999/auth/external/callback"}, "not"),
    ({"redirect_uri": "https://my.home-assistant.io/redirect/oauth/x"}, "not"),
    ({"redirect_uri": ""}, "redirect_uri is missing"),
]


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_authorize_bad_client_or_redirect_is_a_400_page(
    simulator: SimulatorServer, session: ClientSession, method: str
) -> None:
    for changes, message in BAD_AUTHORIZE_REQUESTS:
        fields = {**AUTHORIZE_QUERY, **changes, "action": "authorize", "athlete": "1"}
        async with session.request(
            method,
            f"{simulator.url}/authorize",
            params=fields if method == "GET" else None,
            data=fields if method == "POST" else None,
            allow_redirects=False,
        ) as response:
            assert response.status == 400, changes
            assert "Location" not in response.headers
            assert message in await response.text(), changes
    assert not simulator.state.tokens.codes


@pytest.mark.parametrize(
    ("response_type", "error"),
    [("token", "unsupported_response_type"), ("", "invalid_request")],
)
async def test_authorize_bad_response_type_redirects_with_error(
    simulator: SimulatorServer,
    session: ClientSession,
    response_type: str,
    error: str,
) -> None:
    query = {**AUTHORIZE_QUERY, "response_type": response_type}
    async with session.get(
        f"{simulator.url}/authorize", params=query, allow_redirects=False
    ) as response:
        assert response.status == 302
        location = URL(response.headers["Location"])
    assert location.query["error"] == error
    assert location.query["state"] == "state-123"
    assert "code" not in location.query


async def test_authorize_redirects_with_code_and_state(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    location = await authorize(session, simulator)
    assert str(location.with_query(None)) == REDIRECT_URI
    assert set(location.query) == {"code", "state"}
    assert location.query["state"] == "state-123"
    assert len(location.query["code"]) >= 32


async def test_authorize_keeps_the_redirect_query_and_works_without_state(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    simulator.state.register_client(
        "other", "other-secret", ["https://app.example/cb?tenant=7"]
    )
    data = {
        "response_type": "code",
        "client_id": "other",
        "redirect_uri": "https://app.example/cb?tenant=7",
        "action": "authorize",
        "athlete": "2",
    }
    async with session.post(
        f"{simulator.url}/authorize", data=data, allow_redirects=False
    ) as response:
        location = URL(response.headers["Location"])
    assert location.query["tenant"] == "7"
    assert "code" in location.query
    assert "state" not in location.query


async def test_deny_redirects_with_access_denied_and_no_code(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    location = await authorize(session, simulator, action="deny")
    assert dict(location.query) == {"error": "access_denied", "state": "state-123"}
    assert not simulator.state.tokens.codes


@pytest.mark.parametrize(
    ("action", "athlete"), [("maybe", "1"), ("authorize", "3"), ("authorize", "")]
)
async def test_authorize_post_needs_a_decision_and_an_athlete(
    simulator: SimulatorServer, session: ClientSession, action: str, athlete: str
) -> None:
    data = {**AUTHORIZE_QUERY, "action": action, "athlete": athlete}
    async with session.post(
        f"{simulator.url}/authorize", data=data, allow_redirects=False
    ) as response:
        assert response.status == 400
        assert "Location" not in response.headers


# Authorization code grant


async def test_code_exchange_returns_rfc6749_tokens(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    pair = await exchange(session, simulator)
    assert set(pair) == {
        "access_token",
        "expires_in",
        "token_type",
        "scope",
        "refresh_token",
    }
    assert pair["expires_in"] == 36000 == ACCESS_TOKEN_LIFETIME
    assert pair["token_type"] == "Bearer"
    assert pair["scope"] == "read write"
    assert pair["access_token"] != pair["refresh_token"]
    status, workouts = await get_workouts(session, simulator, pair["access_token"])
    assert status == 200
    assert {w["user"] for w in workouts} == {1}


async def test_code_of_the_second_athlete_gives_their_plan(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    pair = await exchange(session, simulator, athlete="2")
    _, workouts = await get_workouts(session, simulator, pair["access_token"])
    assert {w["user"] for w in workouts} == {2}


async def test_token_response_is_not_cached(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    code = await get_code(session, simulator)
    async with session.post(
        f"{simulator.url}{TOKEN}",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    ) as response:
        assert response.status == 200
        assert response.headers["Cache-Control"] == "no-store"


async def test_code_is_single_use(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    code = await get_code(session, simulator)
    data = {"grant_type": "authorization_code", "code": code}
    status, _ = await post_token(session, simulator, data)
    assert status == 200
    status, body = await post_token(session, simulator, data)
    assert status == 400
    assert body["error"] == "invalid_grant"


async def test_code_expires_after_15_minutes(
    simulator: SimulatorServer, session: ClientSession, clock: ManualClock
) -> None:
    simulator.state.now = clock
    late = await get_code(session, simulator)
    in_time = await get_code(session, simulator)
    clock.advance(minutes=14, seconds=59)
    status, _ = await post_token(
        session, simulator, {"grant_type": "authorization_code", "code": in_time}
    )
    assert status == 200
    clock.advance(seconds=1)
    status, body = await post_token(
        session, simulator, {"grant_type": "authorization_code", "code": late}
    )
    assert status == 400
    assert body == {
        "error": "invalid_grant",
        "error_description": "Authorization code expired.",
    }


async def test_code_is_bound_to_client_and_redirect_uri(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    simulator.state.register_client("other", "other-secret", [REDIRECT_URI])
    code = await get_code(session, simulator)
    status, body = await post_token(
        session,
        simulator,
        {
            "grant_type": "authorization_code",
            "code": code,
            "client_id": "other",
            "client_secret": "other-secret",
        },
        credentials=False,
    )
    assert (status, body["error"]) == (400, "invalid_grant")
    status, body = await post_token(
        session,
        simulator,
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": "https://my.home-assistant.io/redirect/oauth",
        },
    )
    assert (status, body["error"]) == (400, "invalid_grant")
    # Neither refusal used the code up; the documented call omits redirect_uri.
    status, _ = await post_token(
        session, simulator, {"grant_type": "authorization_code", "code": code}
    )
    assert status == 200


async def test_unknown_code_is_invalid_grant(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    status, body = await post_token(
        session, simulator, {"grant_type": "authorization_code", "code": "nope"}
    )
    assert (status, body["error"]) == (400, "invalid_grant")


# Client authentication and request errors


async def test_client_credentials_in_http_basic(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    code = await get_code(session, simulator)
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    status, body = await post_token(
        session,
        simulator,
        {"grant_type": "authorization_code", "code": code},
        credentials=False,
        headers={"Authorization": f"Basic {basic}"},
    )
    assert status == 200, body


def _basic(user: str, password: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


BAD_CLIENTS: list[tuple[dict[str, str], dict[str, str] | None]] = [
    ({"client_id": CLIENT_ID, "client_secret": "wrong"}, None),
    ({"client_id": "nobody", "client_secret": CLIENT_SECRET}, None),
    ({"client_id": CLIENT_ID}, None),
    ({}, None),
    ({}, {"Authorization": "Basic !!!"}),
    ({}, {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()}),
    ({}, _basic(CLIENT_ID, "wrong")),
    ({"client_id": "other"}, _basic(CLIENT_ID, CLIENT_SECRET)),
]


@pytest.mark.parametrize("path", [TOKEN, REVOKE])
async def test_bad_client_credentials_are_invalid_client(
    simulator: SimulatorServer, session: ClientSession, path: str
) -> None:
    for data, headers in BAD_CLIENTS:
        form = {"grant_type": "refresh_token", "refresh_token": "x", "token": "x"}
        status, body = await post_token(
            session,
            simulator,
            form | data,
            credentials=False,
            headers=headers,
            path=path,
        )
        assert (status, body["error"]) == (401, "invalid_client"), (data, headers)


async def test_token_request_errors(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    for data, error in (
        ({}, "invalid_request"),
        ({"grant_type": "password"}, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
        ({"grant_type": "authorization_code"}, "invalid_request"),
        ({"grant_type": "refresh_token"}, "invalid_request"),
    ):
        status, body = await post_token(session, simulator, data)
        assert (status, body["error"]) == (400, error), data
        assert body["error_description"]


async def test_token_request_must_be_form_encoded(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    data = {"grant_type": "authorization_code", "code": "x"}
    status, body = await post_token(
        session, simulator, data, credentials=False, as_json=True
    )
    assert (status, body["error"]) == (400, "invalid_request")


# Refresh token grant


async def test_refresh_rotates_both_tokens(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    first = await exchange(session, simulator)
    status, second = await refresh(session, simulator, first["refresh_token"])
    assert status == 200
    assert second["expires_in"] == 36000
    assert second["access_token"] != first["access_token"]
    assert second["refresh_token"] != first["refresh_token"]
    # The old refresh token is spent; the old access token went with it.
    status, body = await refresh(session, simulator, first["refresh_token"])
    assert (status, body["error"]) == (400, "invalid_grant")
    assert await workouts_status(session, simulator, first["access_token"]) == 401
    assert await workouts_status(session, simulator, second["access_token"]) == 200


async def test_refresh_token_of_another_client_is_invalid_grant(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    simulator.state.register_client("other", "other-secret", [REDIRECT_URI])
    pair = simulator.issue_token("1", "other")
    status, body = await refresh(session, simulator, pair.refresh_token)
    assert (status, body["error"]) == (400, "invalid_grant")


async def test_access_token_expires_after_36000_seconds(
    simulator: SimulatorServer, session: ClientSession, clock: ManualClock
) -> None:
    simulator.state.now = clock
    pair = simulator.issue_token()
    clock.advance(ACCESS_TOKEN_LIFETIME - 1)
    assert await workouts_status(session, simulator, pair.access_token) == 200
    clock.advance(1)
    async with session.get(
        f"{simulator.url}/o/future_workout_static/",
        headers=bearer(pair.access_token),
    ) as response:
        assert response.status == 401
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
        assert (await response.json())["detail"] == "The access token expired."
    # The refresh token still works after the access token expired.
    status, body = await refresh(session, simulator, pair.refresh_token)
    assert status == 200, body


# Revocation (RFC 7009)


async def test_revoke_access_token(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    pair = simulator.issue_token()
    assert await revoke(session, simulator, pair.access_token) == (200, "")
    assert await workouts_status(session, simulator, pair.access_token) == 401
    # Only the access token: the refresh token still gives a new pair.
    status, _ = await refresh(session, simulator, pair.refresh_token)
    assert status == 200


async def test_revoke_refresh_token_kills_its_access_tokens(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    pair = simulator.issue_token()
    other = simulator.issue_token()
    hint = {"token_type_hint": "refresh_token"}
    assert await revoke(session, simulator, pair.refresh_token, **hint) == (200, "")
    assert await workouts_status(session, simulator, pair.access_token) == 401
    status, body = await refresh(session, simulator, pair.refresh_token)
    assert (status, body["error"]) == (400, "invalid_grant")
    assert await workouts_status(session, simulator, other.access_token) == 200


async def test_revoke_unknown_or_foreign_token_is_200_and_harmless(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    simulator.state.register_client("other", "other-secret", [REDIRECT_URI])
    foreign = simulator.issue_token("1", "other")
    for value in ("never-issued", foreign.access_token, foreign.refresh_token):
        assert await revoke(session, simulator, value) == (200, "")
    assert await workouts_status(session, simulator, foreign.access_token) == 200


async def test_revoke_needs_a_token(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    status, body = await post_token(session, simulator, {}, path=REVOKE)
    assert (status, body["error"]) == (400, "invalid_request")


# Secrets stay out of the logs


async def test_no_code_or_token_in_logs(
    simulator: SimulatorServer,
    session: ClientSession,
    caplog: pytest.LogCaptureFixture,
) -> None:
    code = await get_code(session, simulator)
    status, pair = await post_token(
        session, simulator, {"grant_type": "authorization_code", "code": code}
    )
    assert status == 200
    status, refreshed = await refresh(session, simulator, pair["refresh_token"])
    await get_workouts(session, simulator, refreshed["access_token"])
    await revoke(session, simulator, refreshed["refresh_token"])
    assert "Issued a token pair" in caplog.text
    secrets = [code, *pair.values(), *refreshed.values()]
    for secret in secrets:
        if isinstance(secret, str) and len(secret) > 20:
            assert secret not in caplog.text
