# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Fixtures of the simulator tests: an HTTP session, tokens, a fixed plan."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

from aiohttp import ClientSession
import pytest

from simulator.testing import ManualClock, SimulatorServer

PLAN_START = date(2026, 1, 5)
"""First day of the fixed plan (a Monday)."""
PLAN_DAYS = 60
WORKOUTS = "/o/future_workout_static/"
PING = "/api/fit_partner_ping/"
TOKEN = "/o/token/"
REVOKE = "/o/revoke_token/"
CLIENT_ID = "ai-endurance-dev"
CLIENT_SECRET = "ai-endurance-dev-secret"
REDIRECT_URI = "http://127.0.0.1:8123/auth/external/callback"


@pytest.fixture(autouse=True)
def _loopback_sockets(socket_enabled: None) -> None:
    """Allow sockets: pytest-socket still limits connections to 127.0.0.1."""


@pytest.fixture
async def session() -> AsyncIterator[ClientSession]:
    """Give the test an aiohttp session, closed afterwards."""
    async with ClientSession() as client_session:
        yield client_session


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when the test says."""
    return ManualClock(datetime(2026, 1, 10, 8, 0, tzinfo=UTC))


@pytest.fixture
async def fixed() -> AsyncIterator[SimulatorServer]:
    """The simulator with a plan of 60 days from PLAN_START, seed 1."""
    async with SimulatorServer(days=PLAN_DAYS, seed=1, start=PLAN_START) as server:
        yield server


def bearer(token: str) -> dict[str, str]:
    """Return the Authorization header for `token`."""
    return {"Authorization": f"Bearer {token}"}


async def get_workouts(
    session: ClientSession,
    server: SimulatorServer,
    token: str,
    **params: str,
) -> tuple[int, Any]:
    """GET the workouts endpoint; return status and JSON body."""
    async with session.get(
        f"{server.url}{WORKOUTS}", headers=bearer(token), params=params
    ) as response:
        return response.status, await response.json(content_type=None)


async def admin(
    session: ClientSession,
    server: SimulatorServer,
    method: str,
    path: str,
    body: Any = None,
    *,
    status: int = 200,
) -> Any:
    """Call an admin endpoint; check the status; return the JSON body."""
    async with session.request(
        method, f"{server.url}/_sim/{path}", json=body
    ) as response:
        assert response.status == status, await response.text()
        return await response.json()
