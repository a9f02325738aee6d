# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Client behaviour against a tiny local server: requests sent, answers mapped.

The simulator-backed tests (test_client_simulator.py) cover the same ground
against a faithful AI Endurance; these cover what a simulator does not do
(odd links, page loops, transport failures, token provider failures).
"""

import asyncio
from collections.abc import Awaitable, Callable
import datetime as dt
import socket
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from multidict import CIMultiDict, CIMultiDictProxy
import pytest
from yarl import URL

from custom_components.ai_endurance.api import (
    AIEnduranceClient,
    FitFilePing,
    revoke_token,
)
from custom_components.ai_endurance.api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceConnectionError,
    AIEnduranceError,
    AIEnduranceRateLimitError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
    AIEnduranceShapeError,
)

from .conftest import LocalServer

TOKEN = "access-token-0123456789"
SECRET = "client-secret-0123456789"
FIT = bytes([14, 0x10, 0, 0, 0, 0, 0, 0]) + b".FIT" + b"\x00\x00" + b"\x07" * 300


def provider(token: Any = TOKEN) -> Callable[[], Awaitable[str]]:
    async def get() -> str:
        return token  # type: ignore[no-any-return]

    return get


def failing(error: BaseException) -> Callable[[], Awaitable[str]]:
    async def get() -> str:
        raise error

    return get


def make_client(
    session: aiohttp.ClientSession, url: str, **kwargs: Any
) -> AIEnduranceClient:
    kwargs.setdefault("client_id", "my-client")
    token_provider = kwargs.pop("token_provider", provider())
    return AIEnduranceClient(session, token_provider, base_url=url, **kwargs)


@pytest.fixture
def client(local: LocalServer, session: aiohttp.ClientSession) -> AIEnduranceClient:
    """Return a client of the local server with the default token and settings."""
    return make_client(session, local.url)


def workout(day: str, wid: int = 1) -> dict[str, Any]:
    return {
        "id": wid,
        "date": day,
        "title": "Endurance Run 40 min",
        "user": 5,
        "steps": {"act_type": "Run", "type": "Endurance", "duration": 2400},
    }


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# get_workouts


async def test_get_workouts_sends_token_and_start_date(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    local.answer([workout("2026-01-06", 2), workout("2026-01-05", 1)])
    client = make_client(session, local.url + "/")
    plan = await client.get_workouts(dt.date(2026, 1, 4))
    assert [w.id for w in plan] == ["1", "2"]
    assert plan.account_id == "5"
    (seen,) = local.requests
    assert seen.method == "GET"
    assert seen.path == "/o/future_workout_static/"
    assert seen.query == {"startDate": "2026-01-04"}
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["Accept"] == "application/json"
    assert client.client_id == "my-client"


async def test_get_workouts_without_start_date(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer([])
    plan = await client.get_workouts()
    assert len(plan) == 0
    assert local.requests[0].query == {}


async def test_base_url_with_path_prefix(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    local.answer([workout("2026-01-05")])
    await make_client(session, local.url + "/prefix").get_workouts()
    assert local.requests[0].path == "/prefix/o/future_workout_static/"


def pages(base: str, links: list[str | None]) -> Callable[[web.Request], Any]:
    """Answer page N (query `page`, default 1) with one workout and links[N-1]."""

    async def handler(request: web.Request) -> web.StreamResponse:
        page = int(request.query.get("page", "1"))
        nxt = links[page - 1]
        return web.json_response(
            {
                "count": len(links),
                "next": nxt.replace("{base}", base) if nxt else nxt,
                "previous": None,
                "results": [workout(f"2026-01-{page:02d}", page)],
            }
        )

    return handler


async def test_pagination_follows_next(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    links = [
        "{base}/o/future_workout_static/?page=2&startDate=2026-01-01",
        "?page=3&startDate=2026-01-01",  # relative
        # Another host, or http for https: only path and query are kept.
        "http://elsewhere.invalid:1/o/future_workout_static/?page=4",
        None,
    ]
    local.handler = pages(local.url, links)
    plan = await client.get_workouts(dt.date(2026, 1, 1))
    assert [w.id for w in plan] == ["1", "2", "3", "4"]
    assert [r.query.get("page") for r in local.requests] == [None, "2", "3", "4"]
    assert {r.headers["Authorization"] for r in local.requests} == {f"Bearer {TOKEN}"}


async def test_pagination_page_cap(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    local.handler = pages(local.url, ["?page=2", "?page=3", None])
    client = make_client(session, local.url, max_pages=2)
    with pytest.raises(AIEnduranceResponseError, match="more than 2 pages"):
        await client.get_workouts()
    assert len(local.requests) == 2


async def test_pagination_loop(local: LocalServer, client: AIEnduranceClient) -> None:
    local.handler = pages(local.url, ["?page=2", "?page=2"])
    with pytest.raises(AIEnduranceResponseError, match="pages loop"):
        await client.get_workouts()
    assert len(local.requests) == 2


async def test_envelope_then_list(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        if "page" in request.query:
            return web.json_response([workout("2026-01-02", 2)])
        return web.json_response(
            {"next": "?page=2", "results": [workout("2026-01-01", 1)]}
        )

    local.handler = handler
    plan = await client.get_workouts()
    assert [w.id for w in plan] == ["1", "2"]


def test_max_pages_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_pages"):
        AIEnduranceClient(None, provider(), client_id="x", max_pages=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("body", "keys"),
    [
        ({"items": [workout("2026-01-05")]}, ("items",)),
        ({"results": "none", "workouts": 3}, ("results", "workouts")),
        ({}, ()),
        ("a string", ()),
        (17, ()),
        (["a", "b"], ()),
        ([[1], [2]], ()),
    ],
)
async def test_wrong_shape(
    local: LocalServer, client: AIEnduranceClient, body: Any, keys: tuple[str]
) -> None:
    local.answer(body)
    with pytest.raises(AIEnduranceShapeError) as err:
        await client.get_workouts()
    assert err.value.status == 200
    assert err.value.keys == keys
    assert all(key in str(err.value) for key in keys)
    assert "none" not in str(err.value)


@pytest.mark.parametrize("key", ["results", "workouts", "data"])
async def test_envelopes_and_their_pages(
    local: LocalServer, client: AIEnduranceClient, key: str
) -> None:
    async def handler(request: web.Request) -> web.StreamResponse:
        if "page" in request.query:
            return web.json_response({key: [workout("2026-01-02", 2)], "next": None})
        return web.json_response({key: [workout("2026-01-01", 1)], "next": "?page=2"})

    local.handler = handler
    plan = await client.get_workouts()
    assert [w.id for w in plan] == ["1", "2"]
    local.answer({key: []})
    assert len(await client.get_workouts()) == 0


async def test_empty_body_is_wrong_shape(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer(text="")
    with pytest.raises(AIEnduranceResponseError, match="got NoneType"):
        await client.get_workouts()


async def test_not_json(local: LocalServer, client: AIEnduranceClient) -> None:
    local.answer(text="<html>maintenance</html>", content_type="text/html")
    with pytest.raises(AIEnduranceResponseError, match="not JSON") as err:
        await client.get_workouts()
    assert err.value.status == 200
    assert "maintenance" not in str(err.value)


async def test_bad_items_are_skipped(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer([workout("2026-01-05"), {"id": 9, "date": "05/01/2026"}, "junk"])
    plan = await client.get_workouts()
    assert len(plan) == 1
    assert plan.skipped == 2
    assert plan.unreadable_fields == {"date"}


# Error statuses


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (
            401,
            {"detail": "Authentication credentials were not provided."},
            AIEnduranceAuthError,
        ),
        (403, {"detail": "You do not have permission."}, AIEnduranceAuthError),
        (400, {"error": "invalid_grant"}, AIEnduranceAuthError),
        (429, {"detail": "Request was throttled."}, AIEnduranceRateLimitError),
        (500, {"detail": "boom"}, AIEnduranceServerError),
        (502, {}, AIEnduranceServerError),
        (503, {}, AIEnduranceServerError),
        (404, {"detail": "Not found."}, AIEnduranceRequestError),
        (400, {"detail": "startDate: bad format"}, AIEnduranceRequestError),
    ],
)
async def test_error_statuses(
    local: LocalServer,
    client: AIEnduranceClient,
    status: int,
    body: Any,
    error: type[AIEnduranceError],
) -> None:
    local.answer(body, status=status)
    with pytest.raises(error) as err:
        await client.get_workouts()
    assert type(err.value) is error
    assert err.value.status == status
    assert f"HTTP {status}" in str(err.value)


async def test_request_error_detail(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer({"detail": "startDate: bad format"}, status=400)
    with pytest.raises(AIEnduranceRequestError) as err:
        await client.get_workouts()
    assert err.value.detail == "startDate: bad format"
    assert str(err.value).endswith(": startDate: bad format")


async def test_token_never_in_messages(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer({"detail": f"token {TOKEN} is not valid"}, status=401)
    with pytest.raises(AIEnduranceAuthError) as err:
        await client.get_workouts()
    assert TOKEN not in str(err.value)
    assert "token *** is not valid" in str(err.value)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [({"Retry-After": "12"}, 12.0), ({"Retry-After": "later"}, None), ({}, None)],
)
async def test_rate_limit_retry_after(
    local: LocalServer,
    client: AIEnduranceClient,
    header: dict[str, str],
    seconds: float | None,
) -> None:
    local.answer({"detail": "throttled"}, status=429, headers=header)
    with pytest.raises(AIEnduranceRateLimitError) as err:
        await client.get_workouts()
    assert err.value.retry_after == seconds
    assert ("retry after 12 s" in str(err.value)) is (seconds is not None)
    assert str(err.value).endswith(
        "(HTTP 429)" + (", retry after 12 s" if seconds else "") + ": throttled"
    )


async def test_rate_limit_retry_after_http_date(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=60)
    local.answer(
        {},
        status=429,
        headers={"Retry-After": when.strftime("%a, %d %b %Y %H:%M:%S GMT")},
    )
    with pytest.raises(AIEnduranceRateLimitError) as err:
        await client.get_workouts()
    assert err.value.retry_after is not None
    assert 50 <= err.value.retry_after <= 60


async def test_unavailable_retry_after(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer(
        text="<h1>503 Service Unavailable</h1>",
        status=503,
        content_type="text/html",
        headers={"Retry-After": "120"},
    )
    with pytest.raises(AIEnduranceServerError) as err:
        await client.get_workouts()
    assert err.value.retry_after == 120.0
    assert str(err.value).endswith("(HTTP 503): 503 Service Unavailable")


# Transport failures


async def test_connection_refused(session: aiohttp.ClientSession) -> None:
    client = make_client(session, f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(
        AIEnduranceConnectionError, match=r"cannot connect to 127\.0\.0\.1"
    ):
        await client.get_workouts()


class FailingResolver(AbstractResolver):
    """A resolver for which no host exists."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        del host, port, family
        raise OSError(socket.EAI_NONAME, "Name or service not known")

    async def close(self) -> None:
        return None


async def test_dns_failure() -> None:
    connector = aiohttp.TCPConnector(resolver=FailingResolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        client = make_client(session, "https://no-such-host.invalid")
        with pytest.raises(
            AIEnduranceConnectionError,
            match=r"cannot resolve host no-such-host\.invalid",
        ):
            await client.get_workouts()


async def test_timeout(local: LocalServer, session: aiohttp.ClientSession) -> None:
    async def slow(_: web.Request) -> web.StreamResponse:
        await asyncio.sleep(0.5)
        return web.json_response([])

    local.handler = slow
    client = make_client(session, local.url, timeout=0.05)
    with pytest.raises(AIEnduranceConnectionError, match=r"no answer within 0\.05 s"):
        await client.get_workouts()


async def test_server_disconnects(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    async def hang_up(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        return web.Response()

    local.handler = hang_up
    with pytest.raises(AIEnduranceConnectionError, match="connection failed"):
        await client.get_workouts()


# Token provider failures


def response_error(status: int) -> aiohttp.ClientResponseError:
    info = aiohttp.RequestInfo(
        URL("https://aiendurance.xyz/o/token/"),
        "POST",
        CIMultiDictProxy(CIMultiDict[str]()),
        URL("https://aiendurance.xyz/o/token/"),
    )
    return aiohttp.ClientResponseError(info, (), status=status, message="Bad Request")


@pytest.mark.parametrize(
    ("error", "expected", "status"),
    [
        (response_error(400), AIEnduranceAuthError, 400),
        (response_error(401), AIEnduranceAuthError, 401),
        (response_error(429), AIEnduranceRateLimitError, 429),
        (response_error(503), AIEnduranceServerError, 503),
        (response_error(302), AIEnduranceConnectionError, 302),
        (TimeoutError(), AIEnduranceConnectionError, None),
        (aiohttp.ClientConnectionError(), AIEnduranceConnectionError, None),
    ],
)
async def test_token_provider_errors(
    local: LocalServer,
    session: aiohttp.ClientSession,
    error: BaseException,
    expected: type[AIEnduranceError],
    status: int | None,
) -> None:
    client = make_client(session, local.url, token_provider=failing(error))
    with pytest.raises(expected) as err:
        await client.get_workouts()
    assert type(err.value) is expected
    assert err.value.status == status
    assert str(err.value).startswith("token refresh failed")
    assert local.requests == []


async def test_token_provider_other_errors_propagate(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    client = make_client(session, local.url, token_provider=failing(KeyError("x")))
    with pytest.raises(KeyError):
        await client.get_workouts()


@pytest.mark.parametrize("token", ["", None])
async def test_token_provider_without_token(
    local: LocalServer, session: aiohttp.ClientSession, token: Any
) -> None:
    client = make_client(session, local.url, token_provider=provider(token))
    with pytest.raises(AIEnduranceAuthError, match="no access token"):
        await client.get_workouts()


# A refused token: one refresh, the same request once more


class Tokens:
    """The caller's token: the provider reads it, the refresher replaces it."""

    def __init__(self, refresh_error: BaseException | None = None) -> None:
        self.current = TOKEN
        self.refreshes = 0
        self.refresh_error = refresh_error

    async def provide(self) -> str:
        return self.current

    async def refresh(self) -> str:
        self.refreshes += 1
        await asyncio.sleep(0)  # a token request takes a while
        if self.refresh_error is not None:
            raise self.refresh_error
        self.current = f"refreshed-token-{self.refreshes:016d}"
        return self.current


def refreshing(
    session: aiohttp.ClientSession, url: str, tokens: Tokens
) -> AIEnduranceClient:
    return make_client(
        session, url, token_provider=tokens.provide, token_refresher=tokens.refresh
    )


def refuse_first_token(local: LocalServer, body: Any) -> None:
    """Answer 401 to the first token (revoked at the server), ``body`` otherwise."""

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.headers["Authorization"] == f"Bearer {TOKEN}":
            return web.json_response({"error": "invalid_token"}, status=401)
        return web.json_response(body, status=201 if isinstance(body, dict) else 200)

    local.handler = handler


async def test_refused_token_refreshed_once(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    tokens = Tokens()
    refuse_first_token(local, [workout("2026-11-25")])

    plan = await refreshing(session, local.url, tokens).get_workouts(
        dt.date(2026, 11, 22)
    )

    assert len(plan) == 1
    assert tokens.refreshes == 1
    first, retry = local.requests
    assert first.headers["Authorization"] == f"Bearer {TOKEN}"
    assert retry.headers["Authorization"] == f"Bearer {tokens.current}"
    assert first.path == retry.path
    assert first.query == retry.query == {"startDate": "2026-11-22"}


async def test_ping_resent_as_is(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    tokens = Tokens()
    refuse_first_token(local, {"status": "ok", "received": 1})

    answer = await refreshing(session, local.url, tokens).ping_fit_files([ping()])

    assert answer == {"status": "ok", "received": 1}
    assert tokens.refreshes == 1
    first, retry = local.requests
    assert retry.method == first.method == "POST"
    assert retry.body == first.body
    assert retry.headers["Content-Type"] == "application/json"
    assert retry.headers["Authorization"] == f"Bearer {tokens.current}"


async def test_refused_again_after_refresh(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    tokens = Tokens()

    async def refuse(request: web.Request) -> web.StreamResponse:
        token = request.headers["Authorization"].removeprefix("Bearer ")
        return web.json_response({"detail": f"token {token} is not valid"}, status=401)

    local.handler = refuse

    with pytest.raises(AIEnduranceAuthError) as err:
        await refreshing(session, local.url, tokens).get_workouts()

    assert err.value.status == 401
    assert tokens.refreshes == 1
    assert len(local.requests) == 2
    assert TOKEN not in str(err.value)
    assert tokens.current not in str(err.value)
    assert "token *** is not valid" in str(err.value)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (response_error(400), AIEnduranceAuthError),
        (response_error(503), AIEnduranceServerError),
        (aiohttp.ClientConnectionError(), AIEnduranceConnectionError),
    ],
)
async def test_refresh_fails(
    local: LocalServer,
    session: aiohttp.ClientSession,
    error: BaseException,
    expected: type[AIEnduranceError],
) -> None:
    """A refused refresh is an auth error, a failing one the server's or network's."""
    tokens = Tokens(refresh_error=error)
    local.answer({"error": "invalid_token"}, status=401)
    with pytest.raises(expected) as err:
        await refreshing(session, local.url, tokens).get_workouts()
    assert type(err.value) is expected
    assert str(err.value).startswith("token refresh failed")
    assert tokens.refreshes == 1
    assert len(local.requests) == 1


@pytest.mark.parametrize("status", [403, 400])
async def test_no_refresh_unless_401(
    local: LocalServer, session: aiohttp.ClientSession, status: int
) -> None:
    tokens = Tokens()
    local.answer({"error": "invalid_grant"}, status=status)
    with pytest.raises(AIEnduranceAuthError):
        await refreshing(session, local.url, tokens).get_workouts()
    assert tokens.refreshes == 0
    assert len(local.requests) == 1


async def test_parallel_refusals_refresh_once(
    local: LocalServer, session: aiohttp.ClientSession
) -> None:
    """Requests refused together: one refresh, each retried with the new token."""
    tokens = Tokens()
    client = refreshing(session, local.url, tokens)
    parallel = 3
    arrived = 0
    all_arrived = asyncio.Event()

    async def handler(request: web.Request) -> web.StreamResponse:
        nonlocal arrived
        if request.headers["Authorization"] == f"Bearer {TOKEN}":
            # Refuse the first requests only once every one of them was sent.
            arrived += 1
            if arrived == parallel:
                all_arrived.set()
            await all_arrived.wait()
            return web.json_response({"error": "invalid_token"}, status=401)
        return web.json_response([workout("2026-11-25")])

    local.handler = handler

    plans = await asyncio.gather(*(client.get_workouts() for _ in range(parallel)))

    assert [len(plan) for plan in plans] == [1] * parallel
    assert tokens.refreshes == 1
    assert len(local.requests) == 2 * parallel
    retried = {seen.headers["Authorization"] for seen in local.requests[parallel:]}
    assert retried == {f"Bearer {tokens.current}"}


# FIT pings


def ping(summary_id: str = "run.fit") -> FitFilePing:
    return FitFilePing.from_bytes(
        FIT, summary_id=summary_id, start_time=1700000000, source="home-assistant"
    )


async def test_ping_sends_all_fields(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer({"status": "ok", "received": 2}, status=201)
    url_ping = FitFilePing.from_url(
        "https://files.example/b.fit", summary_id="b.fit", start_time=1, source="s"
    )
    answer = await client.ping_fit_files([ping(), url_ping])
    assert answer == {"status": "ok", "received": 2}
    (seen,) = local.requests
    assert seen.method == "POST"
    assert seen.path == "/api/fit_partner_ping/"
    assert seen.headers["Content-Type"] == "application/json"
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    import orjson  # noqa: PLC0415

    assert orjson.loads(seen.body) == {
        "client_id": "my-client",
        "activity_files": [ping().to_json(), url_ping.to_json()],
    }


async def test_ping_empty_answer(local: LocalServer, client: AIEnduranceClient) -> None:
    local.answer(text="", status=204)
    assert await client.ping_fit_files([ping()]) == {}


async def test_ping_answer_not_an_object(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    local.answer(["ok"], status=201)
    with pytest.raises(AIEnduranceResponseError, match="expected a JSON object") as err:
        await client.ping_fit_files([ping()])
    assert err.value.status == 201


async def test_ping_rejected_without_content_in_message(
    local: LocalServer, client: AIEnduranceClient
) -> None:
    content = ping().callback_url
    local.answer(
        {"detail": f"activity_files[0].callback_url: bad value {content}"}, status=400
    )
    with pytest.raises(AIEnduranceRequestError) as err:
        await client.ping_fit_files([ping()])
    assert content not in str(err.value)
    assert content[:64] not in err.value.detail
    assert err.value.detail == "activity_files[0].callback_url: bad value <redacted>"


async def test_ping_needs_files(session: aiohttp.ClientSession) -> None:
    with pytest.raises(ValueError, match="at least one file"):
        await make_client(session, "http://127.0.0.1:1").ping_fit_files([])


# Token revocation


async def revoke(session: aiohttp.ClientSession, base_url: str, **kwargs: Any) -> None:
    """Revoke TOKEN of "my-client" at ``base_url``'s revoke endpoint."""
    await revoke_token(
        session,
        token=TOKEN,
        client_id="my-client",
        client_secret=SECRET,
        revoke_url=f"{base_url}/o/revoke_token/",
        **kwargs,
    )


async def test_revoke_token(local: LocalServer, session: aiohttp.ClientSession) -> None:
    local.answer(text="", status=200)
    await revoke(session, local.url, token_type_hint="refresh_token")
    (seen,) = local.requests
    assert seen.method == "POST"
    assert seen.path == "/o/revoke_token/"
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert "Authorization" not in seen.headers
    from urllib.parse import parse_qs  # noqa: PLC0415

    assert parse_qs(seen.body.decode()) == {
        "token": [TOKEN],
        "client_id": ["my-client"],
        "client_secret": [SECRET],
        "token_type_hint": ["refresh_token"],
    }


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (401, {"error": "invalid_client"}, AIEnduranceAuthError),
        (400, {"error": "invalid_client"}, AIEnduranceAuthError),
        (400, {"error": "unsupported_token_type"}, AIEnduranceRequestError),
        (503, {}, AIEnduranceServerError),
        (429, {}, AIEnduranceRateLimitError),
    ],
)
async def test_revoke_token_errors(
    local: LocalServer,
    session: aiohttp.ClientSession,
    status: int,
    body: Any,
    error: type[AIEnduranceError],
) -> None:
    local.answer(body | {"detail": f"{TOKEN} {SECRET}"}, status=status)
    with pytest.raises(error) as err:
        await revoke(session, local.url)
    assert type(err.value) is error
    assert TOKEN not in str(err.value)
    assert SECRET not in str(err.value)
    form = local.requests[0].body.decode()
    assert "token_type_hint" not in form


async def test_revoke_token_connection_error(session: aiohttp.ClientSession) -> None:
    with pytest.raises(AIEnduranceConnectionError):
        await revoke(session, f"http://127.0.0.1:{closed_port()}", timeout=5)
