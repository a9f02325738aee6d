# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Admin endpoints (`/_sim/`), `SimulatorServer` and the command line."""

from datetime import date, timedelta
from typing import Any

from aiohttp import ClientSession, web
import pytest

from simulator import __main__ as cli
from simulator.testing import ManualClock, SimulatorServer

from .conftest import PLAN_START, WORKOUTS, admin, get_workouts


@pytest.fixture
def token(fixed: SimulatorServer) -> str:
    return fixed.issue_token().access_token


# /_sim/token


async def test_sim_token_for_each_athlete(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    for athlete in ("1", "2", 2):
        pair = await admin(session, simulator, "POST", "token", {"athlete": athlete})
        assert pair["athlete"] == str(athlete)
        assert pair["client_id"] == "ai-endurance-dev"
        assert pair["expires_in"] == 36000
        _, body = await get_workouts(session, simulator, pair["access_token"])
        assert {w["user"] for w in body} == {int(athlete)}


async def test_sim_token_defaults_to_athlete_1(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    pair = await admin(session, simulator, "POST", "token")
    assert pair["athlete"] == "1"


async def test_sim_token_for_another_client(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    registered = await admin(
        session,
        simulator,
        "POST",
        "clients",
        {
            "client_id": "partner",
            "client_secret": "partner-secret",
            "redirect_uris": ["https://partner.example/cb"],
            "name": "Partner",
        },
    )
    assert registered == {
        "client_id": "partner",
        "redirect_uris": ["https://partner.example/cb"],
    }
    pair = await admin(
        session, simulator, "POST", "token", {"athlete": "1", "client_id": "partner"}
    )
    assert pair["client_id"] == "partner"
    assert simulator.state.tokens.access_tokens[pair["access_token"]].client_id == (
        "partner"
    )


BAD_ADMIN_REQUESTS: list[tuple[str, Any, str]] = [
    ("token", {"athlete": "3"}, "unknown athlete '3'"),
    ("token", {"athlete": True}, "unknown athlete"),
    ("token", {"client_id": "nobody"}, "unknown client"),
    ("token", {"who": "1"}, "unknown field(s): who"),
    ("token", [1], "must be a JSON object"),
    ("reset", {"tokens": "yes"}, "tokens: must be a boolean"),
    ("clients", {"client_id": "x"}, "client_secret"),
    ("clients", {}, "client_id"),
    ("clients", {"client_id": "x", "client_secret": "y"}, "redirect_uris"),
    (
        "clients",
        {"client_id": "x", "client_secret": "y", "redirect_uris": [], "name": 1},
        "name",
    ),
    ("plan", {"athlete": "1"}, "give exactly one of"),
    ("plan", {"shift_days": 1, "remove_date": "2026-01-05"}, "exactly one"),
    ("plan", {"shift_days": "1"}, "shift_days: must be an integer"),
    ("plan", {"shift_days": None}, "shift_days: must be an integer"),
    ("plan", {"workouts": {}}, "workouts: must be a list of objects"),
    ("plan", {"add": [1]}, "add: must be a list of objects"),
    ("plan", {"remove_date": "05.01.2026"}, "remove_date: expected"),
    ("plan", {"athlete": "9", "regenerate": True}, "unknown athlete"),
]


async def test_bad_admin_requests_are_400(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    for path, body, detail in BAD_ADMIN_REQUESTS:
        answer = await admin(session, simulator, "POST", path, body, status=400)
        assert answer["error"] == "invalid_request"
        assert detail in answer["detail"], (path, body, answer["detail"])


async def test_admin_body_must_be_json(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    async with session.post(f"{simulator.url}/_sim/token", data=b"{oops") as response:
        assert response.status == 400
        assert (await response.json())["detail"] == "body: not valid JSON"


# /_sim/state and request counts


async def test_state_counts_requests_per_endpoint(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    for _ in range(3):
        await get_workouts(session, fixed, token)
    await get_workouts(session, fixed, token, startDate="2026-01-10")
    snapshot = await admin(session, fixed, "GET", "state")
    assert snapshot["requests"] == {f"GET {WORKOUTS}": 4}
    assert fixed.state.request_count(WORKOUTS) == 4
    assert fixed.state.request_count(WORKOUTS, "POST") == 0
    assert snapshot["plan"] == {"start": "2026-01-05", "days": 60, "seed": 1}
    assert snapshot["athletes"]["1"]["name"] == "Alex Runner"
    assert snapshot["athletes"]["2"]["name"] == "Sam Rider"
    assert snapshot["athletes"]["1"]["workouts"] == len(fixed.state.plans["1"])
    assert snapshot["tokens"] == {"codes": 0, "access": 1, "refresh": 1}
    assert snapshot["clients"] == ["ai-endurance-dev"]
    assert snapshot["pings"] == 0
    assert snapshot["faults"] == []


async def test_faulted_requests_are_counted_too(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    fixed.set_fault("forbidden", count=1)
    status, _ = await get_workouts(session, fixed, token)
    assert status == 403
    status, _ = await get_workouts(session, fixed, token)
    assert status == 200
    assert fixed.state.request_count(WORKOUTS) == 2


async def test_reset(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    fixed.set_fault("forbidden")
    await admin(session, fixed, "POST", "plan", {"athlete": "1", "shift_days": 3})
    await get_workouts(session, fixed, token)
    await admin(session, fixed, "POST", "reset")
    assert fixed.state.faults.active() == []
    assert fixed.state.requests == {}
    status, body = await get_workouts(session, fixed, token)
    assert status == 200
    assert body[0]["date"] == fixed.state.workouts("1")[0]["date"]
    assert body == SimulatorServer(start=PLAN_START).state.workouts("1")
    await admin(session, fixed, "POST", "reset", {"tokens": True})
    status, _ = await get_workouts(session, fixed, token)
    assert status == 401


async def test_expire_tokens(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    assert await admin(session, fixed, "POST", "expire_tokens") == {"expired": 1}
    status, body = await get_workouts(session, fixed, token)
    assert (status, body["detail"]) == (401, "The access token expired.")


async def test_index_names_the_endpoints(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    async with session.get(f"{simulator.url}/") as response:
        index = await response.json()
    assert index["workouts"] == WORKOUTS
    assert index["athletes"] == {"1": "Alex Runner", "2": "Sam Rider"}


# /_sim/plan


async def test_plan_shift(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    _, before = await get_workouts(session, fixed, token)
    answer = await admin(
        session, fixed, "POST", "plan", {"athlete": "1", "shift_days": 2}
    )
    assert answer["changed"] == len(before)
    _, after = await get_workouts(session, fixed, token)
    assert [w["id"] for w in after] == [w["id"] for w in before]
    for old, new in zip(before, after, strict=True):
        moved = date.fromisoformat(old["date"]) + timedelta(days=2)
        assert new["date"] == moved.isoformat()
    # Athlete 2 is untouched.
    assert fixed.state.workouts("2") == SimulatorServer(
        start=PLAN_START
    ).state.workouts("2")


async def test_plan_remove_date(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    _, before = await get_workouts(session, fixed, token)
    day = before[0]["date"]
    answer = await admin(
        session, fixed, "POST", "plan", {"athlete": "1", "remove_date": day}
    )
    removed = [w for w in before if w["date"] == day]
    assert answer["changed"] == len(removed) >= 1
    _, after = await get_workouts(session, fixed, token)
    assert after == [w for w in before if w["date"] != day]


async def test_plan_replace_add_and_regenerate(
    fixed: SimulatorServer, session: ClientSession, token: str
) -> None:
    plan = (await admin(session, fixed, "GET", "plan", None))["workouts"]
    changed = {**plan[0], "title": "Moved by the coach"}
    odd = {"id": "x", "date": "someday", "steps": "??"}
    answer = await admin(
        session,
        fixed,
        "POST",
        "plan",
        {"athlete": "1", "workouts": [changed, odd]},
    )
    assert answer["workouts"] == 2
    _, body = await get_workouts(session, fixed, token)
    assert body == [changed, odd]
    # A date that is not YYYY-MM-DD cannot be filtered: it is always listed.
    _, body = await get_workouts(session, fixed, token, startDate="2100-01-01")
    assert body == [odd]
    extra = {"id": 1, "date": "2026-01-01", "title": "New", "user": 1, "steps": None}
    await admin(session, fixed, "POST", "plan", {"athlete": "1", "add": [extra]})
    _, body = await get_workouts(session, fixed, token)
    assert body == [extra, changed, odd]
    await admin(session, fixed, "POST", "plan", {"athlete": "1", "regenerate": True})
    _, body = await get_workouts(session, fixed, token)
    assert body == plan


async def test_get_plan_of_athlete_2(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    async with session.get(
        f"{fixed.url}/_sim/plan", params={"athlete": "2"}
    ) as response:
        answer = await response.json()
    assert answer["athlete"] == "2"
    assert answer["workouts"] == fixed.state.workouts("2")


# SimulatorServer


async def test_server_url_and_lifecycle() -> None:
    server = SimulatorServer(seed=3, days=14, start=PLAN_START)
    with pytest.raises(RuntimeError, match="not started"):
        _ = server.url
    async with server:
        assert server.url.startswith("http://127.0.0.1:")
        assert not server.url.endswith("/")
        assert server.port > 0
        with pytest.raises(RuntimeError, match="already started"):
            await server.start()
        assert server.state.seed == 3
        assert server.state.days == 14
    await server.stop()  # stopping twice is harmless


async def test_server_can_share_a_state_and_a_clock(session: ClientSession) -> None:
    clock = ManualClock()
    first = SimulatorServer(now=clock, start=PLAN_START)
    assert first.state.now is clock
    pair = first.issue_token("2")
    async with SimulatorServer(state=first.state) as server:
        status, body = await get_workouts(session, server, pair.access_token)
        assert status == 200
        assert body[0]["user"] == 2
        clock.advance(hours=10)
        status, _ = await get_workouts(session, server, pair.access_token)
        assert status == 401


def test_issue_token_rejects_unknown_names() -> None:
    server = SimulatorServer()
    with pytest.raises(KeyError):
        server.issue_token("7")
    with pytest.raises(KeyError):
        server.issue_token("1", "nobody")


# Command line


def test_cli_defaults() -> None:
    args = cli.parse_args([])
    assert (args.host, args.port, args.days, args.seed) == ("127.0.0.1", 8765, 60, 1)
    assert args.start is None
    assert args.public_url is None


def test_cli_options() -> None:
    args = cli.parse_args(
        [
            "--host",
            "localhost",
            "--port",
            "9000",
            "--days",
            "365",
            "--seed",
            "7",
            "--start",
            "2026-03-01",
            "--public-url",
            "http://sim.local:9000",
        ]
    )
    assert args.port == 9000
    assert args.days == 365
    assert args.seed == 7
    assert args.start == date(2026, 3, 1)
    assert args.public_url == "http://sim.local:9000"


@pytest.mark.parametrize(
    "argv", [["--days", "0"], ["--days", "x"], ["--start", "1.3.2026"]]
)
def test_cli_rejects_bad_values(argv: list[str]) -> None:
    with pytest.raises(SystemExit):
        cli.parse_args(argv)


def test_cli_main_runs_the_app(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    seen: dict[str, Any] = {}

    def run_app(app: web.Application, **kwargs: Any) -> None:
        seen["app"] = app
        seen.update(kwargs)

    monkeypatch.setattr(web, "run_app", run_app)
    cli.main(["--port", "9001", "--days", "10", "--start", "2026-02-02"])
    assert seen["host"] == "127.0.0.1"
    assert seen["port"] == 9001
    assert seen["handler_cancellation"] is True
    assert isinstance(seen["app"], web.Application)
    assert "http://127.0.0.1:9001" in caplog.text
    assert "10 days from 2026-02-02" in caplog.text
