# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Fixtures of the API client tests: the simulator, a tiny local server, a session."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web
from aiohttp.test_utils import TestServer
import pytest

from simulator.state import SimulatorState
from simulator.testing import SimulatorServer

type Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    """One request the local server received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass
class LocalServer:
    """A loopback HTTP server answering with whatever `handler` the test sets."""

    url: str = ""
    handler: Handler | None = None
    requests: list[Seen] = field(default_factory=list)

    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(
            Seen(
                request.method,
                request.path,
                dict(request.query),
                dict(request.headers),
                await request.read(),
            )
        )
        assert self.handler is not None, "the test set no handler"
        return await self.handler(request)

    def answer(
        self, body: Any = None, *, status: int = 200, text: str | None = None, **kw: Any
    ) -> None:
        """Answer every request with `body` as JSON, or `text`."""

        async def handler(_: web.Request) -> web.StreamResponse:
            if text is not None:
                return web.Response(text=text, status=status, **kw)
            return web.json_response(body, status=status, **kw)

        self.handler = handler


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets: pytest-socket still limits connections to 127.0.0.1."""


@pytest.fixture
async def local() -> AsyncIterator[LocalServer]:
    """Start a local server on 127.0.0.1 for the test."""
    server = LocalServer()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.dispatch)
    test_server = TestServer(app, host="127.0.0.1")
    await test_server.start_server()
    server.url = str(test_server.make_url("")).rstrip("/")
    yield server
    await test_server.close()


@pytest.fixture
async def session() -> AsyncIterator[ClientSession]:
    """Give the test an aiohttp session, closed afterwards."""
    async with ClientSession() as client_session:
        yield client_session


@dataclass
class Sim:
    """The simulator on loopback, with its admin endpoints over HTTP."""

    server: SimulatorServer
    session: ClientSession

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def state(self) -> SimulatorState:
        return self.server.state

    async def _admin(self, method: str, path: str, body: Any = None) -> Any:
        async with self.session.request(
            method, f"{self.url}/_sim/{path}", json=body
        ) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def token(self, athlete: str = "1") -> str:
        """Get an access token for `athlete` through `POST /_sim/token`."""
        pair = await self._admin("POST", "token", {"athlete": athlete})
        token: str = pair["access_token"]
        return token

    async def fault(self, fault: str, **options: Any) -> None:
        """Set a fault through `POST /_sim/faults`."""
        await self._admin("POST", "faults", {"fault": fault, **options})

    async def pings(self) -> list[dict[str, Any]]:
        """Read what `fit_partner_ping` accepted through `GET /_sim/pings`."""
        pings: list[dict[str, Any]] = (await self._admin("GET", "pings"))["pings"]
        return pings

    async def expire_tokens(self) -> None:
        """Expire every access token through `POST /_sim/expire_tokens`."""
        await self._admin("POST", "expire_tokens")


@pytest.fixture
async def sim(simulator: SimulatorServer, session: ClientSession) -> Sim:
    """The shared `simulator` fixture (tests/conftest.py) with admin helpers."""
    return Sim(simulator, session)
