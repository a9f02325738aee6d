# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Faults switched at run time: error answers, slowness, schema variants."""

import asyncio
import json
import time
from typing import Any

from aiohttp import ClientSession, ClientTimeout
import pytest
from yarl import URL

from simulator.faults import FaultName
from simulator.testing import SimulatorServer

from .conftest import PING, TOKEN, WORKOUTS, admin, bearer, get_workouts


async def raw_get(
    session: ClientSession, server: SimulatorServer, token: str, path: str = WORKOUTS
) -> tuple[int, str, str, dict[str, str]]:
    """GET `path`; return status, content type, text and headers."""
    async with session.get(f"{server.url}{path}", headers=bearer(token)) as response:
        return (
            response.status,
            response.content_type,
            await response.text(),
            dict(response.headers),
        )


async def post_fault(
    session: ClientSession, server: SimulatorServer, fault: str, **options: Any
) -> Any:
    """Set `fault` through `POST /_sim/faults`; return the answer."""
    return await admin(session, server, "POST", "faults", {"fault": fault, **options})


NO_CLIENT = {"grant_type": "refresh_token", "refresh_token": "x"}
"""A token request without client credentials: 401 invalid_client."""


@pytest.fixture
def token(simulator: SimulatorServer) -> str:
    return simulator.issue_token().access_token


# Answer faults


async def test_expired_token_fault(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    await post_fault(session, simulator, "expired_token")
    status, _, text, headers = await raw_get(session, simulator, token)
    assert status == 401
    assert 'error="invalid_token"' in headers["WWW-Authenticate"]
    assert json.loads(text)["error"] == "invalid_token"


async def test_revoked_token_revokes_everything_issued_so_far(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    pair = simulator.issue_token("2")
    body = await post_fault(session, simulator, "revoked_token")
    assert body["revoked"] == {"access": 2, "refresh": 2}
    assert body["faults"] == []
    status, _ = await get_workouts(session, simulator, token)
    assert status == 401
    async with session.post(
        f"{simulator.url}{TOKEN}",
        data={
            "grant_type": "refresh_token",
            "refresh_token": pair.refresh_token,
            "client_id": "ai-endurance-dev",
            "client_secret": "ai-endurance-dev-secret",
        },
    ) as response:
        assert response.status == 400
        assert (await response.json())["error"] == "invalid_grant"
    # Tokens issued afterwards work.
    status, _ = await get_workouts(
        session, simulator, simulator.issue_token().access_token
    )
    assert status == 200


@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("unauthorized", (401, "application/json")),
        ("forbidden", (403, "application/json")),
        ("rate_limit", (429, "application/json")),
        ("server_error", (500, "text/html")),
        ("unavailable", (503, "text/html")),
        ("not_json", (200, "text/html")),
        ("malformed_json", (200, "application/json")),
    ],
)
async def test_answer_faults(
    simulator: SimulatorServer,
    session: ClientSession,
    token: str,
    fault: str,
    expected: tuple[int, str],
) -> None:
    await post_fault(session, simulator, fault)
    for path in (WORKOUTS, PING):
        got_status, got_type, text, _ = await raw_get(session, simulator, token, path)
        assert (got_status, got_type) == expected
    if fault == "malformed_json":
        with pytest.raises(ValueError, match=r"Unterminated|Expecting"):
            json.loads(text)
    if fault == "not_json":
        assert text.startswith("<!DOCTYPE html>")
    # Until cleared (count null), then back to normal.
    await admin(session, simulator, "DELETE", "faults")
    got_status, *_ = await raw_get(session, simulator, token)
    assert got_status == 200


async def test_unauthorized_answers_even_a_valid_token(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("unauthorized")
    _, _, text, headers = await raw_get(session, simulator, token)
    assert headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert json.loads(text) == {
        "detail": "Authentication credentials were not provided."
    }


@pytest.mark.parametrize(
    ("options", "retry_after"),
    [({}, "30"), ({"retry_after": 7}, "7"), ({"retry_after": 1.2}, "2")],
)
async def test_rate_limit_carries_retry_after(
    simulator: SimulatorServer,
    session: ClientSession,
    token: str,
    options: dict[str, Any],
    retry_after: str,
) -> None:
    await post_fault(session, simulator, "rate_limit", **options)
    status, _, text, headers = await raw_get(session, simulator, token)
    assert status == 429
    assert headers["Retry-After"] == retry_after
    assert retry_after in json.loads(text)["detail"]


async def test_rate_limit_without_retry_after(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    await post_fault(session, simulator, "rate_limit", retry_after=None)
    status, _, _, headers = await raw_get(session, simulator, token)
    assert status == 429
    assert "Retry-After" not in headers


async def test_unavailable_has_retry_after_only_when_asked(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("unavailable", count=1)
    _, _, _, headers = await raw_get(session, simulator, token)
    assert "Retry-After" not in headers
    simulator.set_fault("unavailable", count=1, retry_after=12)
    _, _, _, headers = await raw_get(session, simulator, token)
    assert headers["Retry-After"] == "12"


async def test_count_limits_a_fault(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    body = await post_fault(session, simulator, "server_error", count=2)
    assert body["fault"]["count"] == 2
    statuses = [(await raw_get(session, simulator, token))[0] for _ in range(3)]
    assert statuses == [500, 500, 200]
    assert (await admin(session, simulator, "GET", "faults"))["faults"] == []


async def test_faults_leave_oauth_and_admin_alone_by_default(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("server_error")
    async with session.post(f"{simulator.url}{TOKEN}", data=NO_CLIENT) as response:
        assert response.status == 401  # invalid_client, not the fault
    state = await admin(session, simulator, "GET", "state")
    assert state["faults"][0]["fault"] == "server_error"


async def test_paths_choose_where_a_fault_applies(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    await post_fault(session, simulator, "unavailable", paths=["/o/token/"], count=1)
    status, *_ = await raw_get(session, simulator, token)
    assert status == 200
    async with session.post(f"{simulator.url}{TOKEN}", data=NO_CLIENT) as response:
        assert response.status == 503
    async with session.post(f"{simulator.url}{TOKEN}", data=NO_CLIENT) as response:
        assert response.status == 401


async def test_first_matching_fault_answers_and_same_name_replaces(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("forbidden", count=1)
    simulator.set_fault("server_error", count=1)
    statuses = [(await raw_get(session, simulator, token))[0] for _ in range(3)]
    assert statuses == [403, 500, 200]
    simulator.set_fault("forbidden", count=5)
    simulator.set_fault("forbidden", count=1)
    assert [f.remaining for f in simulator.state.faults] == [1]


async def test_delete_one_fault_by_name(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    simulator.set_fault("forbidden")
    simulator.set_fault("slow", delay=0)
    async with session.delete(
        f"{simulator.url}/_sim/faults", params={"fault": "slow"}
    ) as response:
        assert await response.json() == {"cleared": 1}
    assert [f.name for f in simulator.state.faults] == [FaultName.FORBIDDEN]
    assert simulator.clear_faults() == 1


# Slow answers


async def test_slow_answer_outlasts_the_client_timeout(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("slow", delay=30, count=1)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        async with session.get(
            f"{simulator.url}{WORKOUTS}",
            headers=bearer(token),
            timeout=ClientTimeout(total=0.2),
        ):
            pass
    assert time.monotonic() - started < 2


async def test_slow_answer_arrives_after_the_delay(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    await post_fault(session, simulator, "slow", delay=0.3)
    started = time.monotonic()
    status, body = await get_workouts(session, simulator, token)
    assert status == 200
    assert body
    assert time.monotonic() - started >= 0.3


async def test_slow_combines_with_an_answer_fault(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("slow", delay=0.1, count=1)
    simulator.set_fault("rate_limit", count=1)
    started = time.monotonic()
    status, *_ = await raw_get(session, simulator, token)
    assert status == 429
    assert time.monotonic() - started >= 0.1


async def test_stopping_releases_slow_answers(session: ClientSession) -> None:
    server = SimulatorServer()
    await server.start()
    server.set_fault("slow", delay=60)
    request = asyncio.ensure_future(
        session.get(
            f"{server.url}{WORKOUTS}",
            headers=bearer(server.issue_token().access_token),
        )
    )
    await asyncio.sleep(0.1)
    started = time.monotonic()
    await server.stop()
    assert time.monotonic() - started < 2
    response = await request
    response.release()


# Schema variants of the workouts endpoint


async def test_variant_paginated_follows_next_links(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    token = fixed.issue_token().access_token
    expected = fixed.state.workouts("1")
    start_date = expected[0]["date"]
    expected = [w for w in expected if w["date"] > start_date]
    await post_fault(session, fixed, "variant_paginated", page_size=7, count=1)
    status, page = await get_workouts(session, fixed, token, startDate=start_date)
    assert status == 200
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == len(expected)
    assert page["previous"] is None
    results = list(page["results"])
    pages = 1
    while page["next"]:
        url = URL(page["next"])
        assert url.is_absolute()
        assert str(url).startswith(fixed.url)
        assert url.query["startDate"] == start_date
        async with session.get(url, headers=bearer(token)) as response:
            page = await response.json()
        assert URL(page["previous"]).query["page"] == str(pages)
        results.extend(page["results"])
        pages += 1
    assert results == expected
    assert pages == -(-len(expected) // 7)
    # The fault was used up by the first page only; the next listing is bare.
    _, body = await get_workouts(session, fixed, token)
    assert isinstance(body, list)


async def test_variant_paginated_default_page_size_and_bad_pages(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("variant_paginated")
    _, page = await get_workouts(session, simulator, token)
    assert len(page["results"]) == 20
    _, page = await get_workouts(session, simulator, token, page_size="5")
    assert len(page["results"]) == 5
    for bad in ("0", "x", "999"):
        status, body = await get_workouts(session, simulator, token, page=bad)
        assert (status, body) == (404, {"detail": "Invalid page."})


async def test_variant_paginated_uses_the_public_url(session: ClientSession) -> None:
    async with SimulatorServer(public_url="https://sim.example/") as server:
        server.set_fault("variant_paginated", page_size=3)
        _, page = await get_workouts(session, server, server.issue_token().access_token)
    assert page["next"].startswith("https://sim.example/o/future_workout_static/?")
    assert URL(page["next"]).query["page"] == "2"


async def test_variant_steps_string(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    fixed.set_fault("variant_steps_string", count=1)
    _, body = await get_workouts(session, fixed, fixed.issue_token().access_token)
    expected = fixed.state.workouts("1")
    assert len(body) == len(expected)
    for got, want in zip(body, expected, strict=True):
        if want["steps"] is None:
            assert got["steps"] is None
        else:
            assert isinstance(got["steps"], str)
            assert json.loads(got["steps"]) == want["steps"]


async def test_variant_nulls(fixed: SimulatorServer, session: ClientSession) -> None:
    fixed.set_fault("variant_nulls")
    _, body = await get_workouts(session, fixed, fixed.issue_token().access_token)
    expected = fixed.state.workouts("1")
    assert [w["date"] for w in body] == [w["date"] for w in expected]
    assert any("title" not in w for w in body)
    assert any("title" in w and w["title"] is None for w in body)
    assert any(w.get("id", 0) is None for w in body)
    assert any("user" not in w for w in body)
    assert any("steps" not in w for w in body)
    assert any("coach_note" in w and w["description"] is None for w in body)
    steps = [w["steps"] for w in body if isinstance(w.get("steps"), dict)]
    assert any(s["type"] == "Recovery" and s["cadence_target"] == 90 for s in steps)
    assert any(s["act_type"] == "Hike" for s in steps)
    assert any(s["stress"] is None and "is_long" not in s for s in steps)
    # The served plan itself is untouched.
    assert fixed.state.workouts("1") == expected
    assert all((w["steps"] or {}).get("type") != "Recovery" for w in expected)


async def test_variant_wrong_shape(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("variant_wrong_shape")
    status, body = await get_workouts(session, simulator, token)
    assert status == 200
    assert isinstance(body, dict)
    assert "results" not in body


def _no_steps_key(workout: dict[str, Any], key: str) -> bool:
    steps = workout.get("steps")
    return not isinstance(steps, dict) or key not in steps


@pytest.mark.parametrize(
    ("fault", "check"),
    [
        (
            "variant_aliases",
            lambda got, want: (
                "id" not in got
                and got["workout_id"] == want["id"]
                and got.get("act_type") == (want["steps"] or {}).get("act_type")
                and got.get("duration_seconds") == (want["steps"] or {}).get("duration")
                and _no_steps_key(got, "act_type")
                and _no_steps_key(got, "duration")
            ),
        ),
        (
            "variant_datetime_dates",
            lambda got, want: (
                got["date"].startswith(f"{want['date']}T")
                and got["date"] != want["date"]
            ),
        ),
        (
            "variant_string_numbers",
            lambda got, want: (
                got["id"] == str(want["id"])
                and got["user"] == str(want["user"])
                and all(
                    not isinstance(v, int | float) or isinstance(v, bool)
                    for v in (got["steps"] or {}).values()
                )
            ),
        ),
        (
            "variant_unknown_date_key",
            lambda got, want: (
                "date" not in got and got["scheduled_day"] == want["date"]
            ),
        ),
    ],
)
async def test_wider_reading_variants(
    fixed: SimulatorServer, session: ClientSession, fault: str, check: Any
) -> None:
    fixed.set_fault(fault, count=1)
    _, body = await get_workouts(session, fixed, fixed.issue_token().access_token)
    expected = fixed.state.workouts("1")
    assert len(body) == len(expected)
    assert all(check(got, want) for got, want in zip(body, expected, strict=True))
    # The served plan itself is untouched.
    assert fixed.state.workouts("1") == expected
    _, after = await get_workouts(session, fixed, fixed.issue_token().access_token)
    assert after == expected


@pytest.mark.parametrize("key", ["workouts", "data"])
async def test_envelope_variants(
    simulator: SimulatorServer, session: ClientSession, token: str, key: str
) -> None:
    simulator.set_fault(f"variant_envelope_{key}", count=1)
    _, body = await get_workouts(session, simulator, token)
    assert body == {key: simulator.state.workouts("1")}


async def test_variants_leave_other_endpoints_and_auth_errors_alone(
    simulator: SimulatorServer, session: ClientSession, token: str
) -> None:
    simulator.set_fault("variant_wrong_shape", count=1)
    status, _ = await get_workouts(session, simulator, "bad-token")
    assert status == 401
    assert len(simulator.state.faults) == 1
    status, body = await get_workouts(session, simulator, token)
    assert isinstance(body, dict)
    assert len(simulator.state.faults) == 0


# Admin validation


BAD_FAULTS: list[tuple[dict[str, Any], str]] = [
    ({}, "fault: required"),
    ({"fault": "meteor"}, "unknown fault 'meteor'"),
    ({"fault": "slow", "count": 0}, "count"),
    ({"fault": "slow", "count": True}, "count"),
    ({"fault": "slow", "count": "2"}, "count"),
    ({"fault": "slow", "delay": -1}, "delay"),
    ({"fault": "slow", "delay": "1"}, "delay"),
    ({"fault": "rate_limit", "retry_after": -1}, "retry_after"),
    ({"fault": "slow", "paths": "/o/"}, "paths"),
    ({"fault": "slow", "paths": ["o/"]}, "paths"),
    ({"fault": "slow", "paths": []}, "paths"),
    ({"fault": "variant_paginated", "page_size": 0}, "page_size"),
    ({"fault": "slow", "colour": "red"}, "unknown field(s): colour"),
]


async def test_bad_fault_requests_are_400(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    for body, detail in BAD_FAULTS:
        answer = await admin(session, simulator, "POST", "faults", body, status=400)
        assert answer["error"] == "invalid_request"
        assert detail in answer["detail"], (body, answer["detail"])
    assert simulator.state.faults.active() == []


async def test_delete_unknown_fault_name_is_400(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    async with session.delete(
        f"{simulator.url}/_sim/faults", params={"fault": "meteor"}
    ) as response:
        assert response.status == 400
