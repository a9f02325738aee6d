# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""`GET /o/future_workout_static/`: bearer auth, startDate, and the plan."""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from aiohttp import ClientSession
import pytest

from simulator.plan import (
    INTENSITY,
    WORKOUT_TYPES,
    generate_plan,
    steps_duration,
    training_week,
)
from simulator.testing import SimulatorServer

from .conftest import PLAN_DAYS, PLAN_START, WORKOUTS, bearer, get_workouts

ENDURANCE_KEYS = {"act_type", "type", "duration", "stress", "is_long", "target_high"}
INTERVAL_KEYS = {
    "act_type",
    "type",
    "stress",
    "is_long",
    "repeats",
    "duration_warmup",
    "duration_cooldown",
    "duration_on",
    "duration_off",
    "duration_add_endurance",
    "target_off_low",
    "target_off_high",
    "target_warmup_low",
    "target_warmup_high",
    "target_cooldown_low",
    "target_cooldown_high",
    "target_add_endurance_low",
    "target_add_endurance_high",
    "target_on_low",
    "target_on_high",
}
TARGET_KEYS = {
    "target_high",
    "target_low",
    "target_off_high",
    "target_warmup_high",
    "target_cooldown_high",
    "target_add_endurance_high",
    "target_on_low",
    "target_on_high",
}


def plan(athlete: str, days: int = PLAN_DAYS, seed: int = 1) -> list[dict[str, Any]]:
    return generate_plan(athlete, PLAN_START, days, seed)


def kind(workout: dict[str, Any]) -> tuple[str, str]:
    steps = workout["steps"]
    return (steps["act_type"], steps["type"]) if steps else ("Swim", "-")


# Bearer authentication


async def test_missing_bearer_is_401(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic abc"},
        {"Authorization": "Token abc"},
    ):
        async with session.get(
            f"{simulator.url}{WORKOUTS}", headers=headers
        ) as response:
            assert response.status == 401, headers
            assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'
            assert await response.json() == {
                "detail": "Authentication credentials were not provided."
            }


async def test_unknown_bearer_is_401_invalid_token(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    async with session.get(
        f"{simulator.url}{WORKOUTS}", headers=bearer("not-a-token")
    ) as response:
        assert response.status == 401
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
        assert (await response.json())["error"] == "invalid_token"


async def test_bearer_scheme_is_case_insensitive(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    token = simulator.issue_token().access_token
    async with session.get(
        f"{simulator.url}{WORKOUTS}", headers={"Authorization": f"bearer {token}"}
    ) as response:
        assert response.status == 200


# startDate


async def test_without_start_date_the_whole_plan_as_a_bare_list(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    status, body = await get_workouts(session, fixed, fixed.issue_token().access_token)
    assert status == 200
    assert isinstance(body, list)
    assert body == plan("1")
    assert body[0]["date"] >= PLAN_START.isoformat()
    last = PLAN_START + timedelta(days=PLAN_DAYS - 1)
    assert body[-1]["date"] <= last.isoformat()


async def test_start_date_is_strictly_after(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    token = fixed.issue_token().access_token
    everything = plan("1")
    day = everything[10]["date"]
    status, body = await get_workouts(session, fixed, token, startDate=day)
    assert status == 200
    assert body == [w for w in everything if w["date"] > day]
    assert all(w["date"] != day for w in body)
    before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    _, body = await get_workouts(session, fixed, token, startDate=before)
    assert body[0]["date"] == day


async def test_start_date_before_and_after_the_plan(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    token = fixed.issue_token().access_token
    _, body = await get_workouts(session, fixed, token, startDate="2000-01-01")
    assert body == plan("1")
    _, body = await get_workouts(session, fixed, token, startDate="2100-01-01")
    assert body == []


async def test_bad_start_date_is_400_json(
    simulator: SimulatorServer, session: ClientSession
) -> None:
    token = simulator.issue_token().access_token
    for value in ("", "2026-1-5", "20260105", "2026-02-30", "tomorrow", "2026-01-5T"):
        status, body = await get_workouts(session, simulator, token, startDate=value)
        assert status == 400, value
        assert body == {
            "error": "invalid_request",
            "detail": "startDate: expected a date as YYYY-MM-DD",
        }


# The plan


async def test_each_athlete_sees_their_own_plan(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    for athlete in ("1", "2"):
        token = fixed.issue_token(athlete).access_token
        _, body = await get_workouts(session, fixed, token)
        assert body == plan(athlete)
        assert {w["user"] for w in body} == {int(athlete)}


def test_default_plan_starts_a_week_ago() -> None:
    server = SimulatorServer()
    today = server.state.now().astimezone().date()
    assert server.state.start == today - timedelta(days=7)
    assert server.state.days == 60
    first = server.state.plans["1"][0]["date"]
    assert first >= (today - timedelta(days=7)).isoformat()


def test_plan_is_deterministic_per_seed_and_date() -> None:
    assert plan("1") == plan("1")
    assert plan("1") != plan("1", seed=2)
    # A date holds the same workouts whatever the plan's start.
    later = generate_plan("1", PLAN_START + timedelta(days=10), 20, 1)
    assert later == [
        w for w in plan("1", days=30) if w["date"] in {x["date"] for x in later}
    ]


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_plan_has_every_type_for_runs_and_rides(athlete: str) -> None:
    kinds = Counter(kind(w) for w in plan(athlete))
    for sport in ("Run", "Ride"):
        for workout_type in WORKOUT_TYPES:
            assert kinds[sport, workout_type] > 0, (sport, workout_type)
    assert kinds["Swim", "-"] > 0


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_plan_has_rest_days_and_two_workout_days(athlete: str) -> None:
    per_day = Counter(w["date"] for w in plan(athlete))
    all_days = {(PLAN_START + timedelta(days=i)).isoformat() for i in range(PLAN_DAYS)}
    assert all_days - set(per_day), "no rest day"
    assert max(per_day.values()) == 2
    assert sum(1 for n in per_day.values() if n == 2) >= 8


def test_plan_has_long_runs_and_long_rides() -> None:
    long_runs = [w for w in plan("1") if w["steps"] and w["steps"]["is_long"]]
    assert long_runs
    assert all(w["steps"]["act_type"] == "Run" for w in long_runs)
    assert all(w["steps"]["type"] == "Endurance" for w in long_runs)
    assert all(w["steps"]["duration"] >= 90 * 60 for w in long_runs)
    assert all(w["title"].startswith("Long Run") for w in long_runs)
    assert any(w["steps"] and w["steps"]["is_long"] for w in plan("2"))


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_workout_objects_have_the_documented_shape(athlete: str) -> None:
    workouts = plan(athlete)
    ids = [w["id"] for w in workouts]
    assert len(set(ids)) == len(ids)
    for workout in workouts:
        assert set(workout) == {"id", "date", "title", "user", "steps"}
        assert isinstance(workout["id"], int)
        assert date.fromisoformat(workout["date"])
        assert isinstance(workout["title"], str)
        assert workout["title"]
        assert workout["user"] == int(athlete)
        steps = workout["steps"]
        if steps is None:
            assert "Swim" in workout["title"]
            continue
        assert steps["act_type"] in {"Run", "Ride"}
        if steps["type"] == "Endurance":
            assert set(steps) - {"target_low"} == ENDURANCE_KEYS
        else:
            assert set(steps) == INTERVAL_KEYS
            assert steps["type"] in WORKOUT_TYPES[1:]
            assert steps["is_long"] is False
            assert steps["repeats"] >= 1
            for name in ("off", "warmup", "cooldown", "add_endurance"):
                assert steps[f"target_{name}_low"] is None


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_endurance_workouts_sometimes_have_a_lower_target(athlete: str) -> None:
    endurance = [
        w["steps"]
        for w in plan(athlete)
        if w["steps"] and w["steps"]["type"] == "Endurance"
    ]
    with_low = [s for s in endurance if "target_low" in s]
    assert 0 < len(with_low) < len(endurance)
    assert all(s["target_low"] < s["target_high"] for s in with_low)


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_durations_are_whole_minutes(athlete: str) -> None:
    for workout in plan(athlete):
        steps = workout["steps"] or {}
        for key, value in steps.items():
            if key.startswith("duration"):
                assert value % 60 == 0, (key, value)
        if steps:
            assert steps_duration(steps) >= 1800


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_targets_are_pace_or_power_by_sport(athlete: str) -> None:
    run_units: Counter[str] = Counter()
    for workout in plan(athlete):
        steps = workout["steps"]
        if not steps:
            continue
        values = [steps[k] for k in TARGET_KEYS if steps.get(k) is not None]
        assert values
        if steps["act_type"] == "Ride":
            assert all(50 <= v <= 600 for v in values)
        elif all(v <= 10 for v in values):
            run_units["pace"] += 1
            assert all(2.0 <= v <= 6.5 for v in values)
        else:
            run_units["power"] += 1
            assert all(150 <= v <= 400 for v in values)
    assert run_units["pace"] > run_units["power"] > 0


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_interval_targets_rise_with_intensity(athlete: str) -> None:
    on_low: dict[tuple[str, bool], dict[str, float]] = {}
    for workout in plan(athlete):
        steps = workout["steps"]
        if not steps or steps["type"] == "Endurance":
            continue
        assert steps["target_on_low"] < steps["target_on_high"]
        assert steps["target_off_high"] < steps["target_warmup_high"]
        assert steps["target_warmup_high"] <= steps["target_on_low"] * 1.001
        power = steps["target_on_high"] > 10
        on_low.setdefault((steps["act_type"], power), {})[steps["type"]] = steps[
            "target_on_low"
        ]
    for levels in on_low.values():
        ordered = [levels[t] for t in WORKOUT_TYPES[1:] if t in levels]
        assert ordered == sorted(ordered)


@pytest.mark.parametrize("athlete", ["1", "2"])
def test_stress_matches_duration_and_intensity(athlete: str) -> None:
    for workout in plan(athlete):
        steps = workout["steps"]
        if not steps:
            continue
        hours = steps_duration(steps) / 3600
        if steps["type"] == "Endurance":
            factor = INTENSITY["Long" if steps["is_long"] else "Endurance"]
            assert steps["stress"] == round(hours * factor**2 * 100)
        else:
            on_hours = steps["repeats"] * steps["duration_on"] / 3600
            on_stress = on_hours * INTENSITY[steps["type"]] ** 2 * 100
            assert steps["stress"] > on_stress
            # Never more than the whole workout at the interval intensity.
            assert steps["stress"] < hours * INTENSITY[steps["type"]] ** 2 * 100
        # 100 ESS is one hour at threshold: nothing here is harder than 1.2 IF.
        assert 0.5**2 * 100 * hours <= steps["stress"] <= 1.2**2 * 100 * hours


def test_recovery_weeks_have_no_intervals() -> None:
    for workout in plan("1", days=120):
        _, recovery = training_week(date.fromisoformat(workout["date"]))
        if recovery and workout["steps"]:
            assert workout["steps"]["type"] == "Endurance"
            assert workout["steps"]["is_long"] is False


async def test_plan_length_is_configurable(session: ClientSession) -> None:
    async with SimulatorServer(days=365, start=PLAN_START) as server:
        _, body = await get_workouts(session, server, server.issue_token().access_token)
    last = PLAN_START + timedelta(days=364)
    assert body[-1]["date"] in {
        last.isoformat(),
        (last - timedelta(days=1)).isoformat(),
        (last - timedelta(days=2)).isoformat(),
    }
    assert len(body) > 300


def test_plan_needs_at_least_one_day() -> None:
    with pytest.raises(ValueError, match="days"):
        SimulatorServer(days=0)
