# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""A day for the workout runner: an interval workout today, short steps."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

from aiohttp import ClientSession, web
import pytest

from simulator import __main__ as cli
from simulator.plan import interval_shift, one_minute_steps, steps_duration
from simulator.state import SimulatorState
from simulator.testing import ManualClock, SimulatorServer

from .conftest import PLAN_DAYS, PLAN_START, admin

# The fixed plan's Monday is a rest day for both athletes.
MONDAY = PLAN_START + timedelta(days=7)


def fixed_state() -> SimulatorState:
    return SimulatorState(days=PLAN_DAYS, seed=1, start=PLAN_START)


def on(state: SimulatorState, athlete: str, day: date) -> list[dict[str, Any]]:
    return [w for w in state.workouts(athlete) if w["date"] == day.isoformat()]


def step_lengths(workouts: list[dict[str, Any]]) -> set[int]:
    """Every duration of the workouts' steps, but the zero ones."""
    return {
        value
        for w in workouts
        if w["steps"]
        for key, value in w["steps"].items()
        if key.startswith("duration") and value
    }


def intervals(workouts: list[dict[str, Any]]) -> list[str]:
    return [
        w["steps"]["act_type"]
        for w in workouts
        if (w.get("steps") or {}).get("repeats")
    ]


@pytest.mark.parametrize(
    ("sport", "expected"), [(None, "Run"), ("Run", "Run"), ("Ride", "Ride")]
)
def test_interval_on_a_rest_day(sport: Any, expected: str) -> None:
    state = fixed_state()
    assert on(state, "1", MONDAY) == []
    before = [dict(w) for w in state.workouts("1")]
    shift = state.interval_on("1", MONDAY, sport)
    assert shift < 0
    assert expected in intervals(on(state, "1", MONDAY))
    # The whole plan moved, nothing else changed.
    after = state.workouts("1")
    assert [w["id"] for w in after] == [w["id"] for w in before]
    moved = date.fromisoformat(before[0]["date"]) + timedelta(days=shift)
    assert after[0]["date"] == moved.isoformat()


def test_interval_already_today_stays() -> None:
    state = fixed_state()
    day = next(
        date.fromisoformat(w["date"])
        for w in state.workouts("1")
        if intervals([w]) == ["Run"]
    )
    plan = state.workouts("1")
    assert state.interval_on("1", day) == 0
    assert state.workouts("1") == plan


def test_interval_from_the_past_and_none_at_all() -> None:
    state = fixed_state()
    plan = state.workouts("1")
    last = max(w["date"] for w in plan if intervals([w]))
    later = date.fromisoformat(last) + timedelta(days=30)
    assert interval_shift(plan, later, None) == 30
    assert interval_shift(plan, later, "Swim") is None  # type: ignore[arg-type]
    odd = [{"date": "someday", "steps": {"repeats": 2}}, {"date": 1}, {"steps": "x"}]
    assert interval_shift(odd, later, None) is None
    with pytest.raises(ValueError, match=r"no interval workout \(Swim\)"):
        state.interval_on("1", later, "Swim")  # type: ignore[arg-type]


def test_one_minute_steps() -> None:
    state = fixed_state()
    day = next(
        date.fromisoformat(w["date"])
        for w in state.workouts("1")
        if len(on(state, "1", date.fromisoformat(w["date"]))) == 2
    )
    before = on(state, "1", day)
    assert state.one_minute_steps("1", day) == len([w for w in before if w["steps"]])
    assert step_lengths(on(state, "1", day)) == {60}
    for old, new in zip(before, on(state, "1", day), strict=True):
        if (steps := new["steps"]) is None:
            assert new == old  # a swim
            continue
        if "repeats" in steps:
            assert steps_duration(steps) == 60 * (2 * steps["repeats"] + 2) + (
                60 if old["steps"]["duration_add_endurance"] else 0
            )
            assert new["title"].endswith(f"{steps['repeats']} x 1 min")
        else:
            assert steps["duration"] == 60
        assert 0 < steps["stress"] < old["steps"]["stress"]
        assert new["id"] == old["id"]
    # No steps, nothing to shorten; other days are untouched.
    swim = {"id": 1, "date": "2026-01-01", "steps": None}
    assert one_minute_steps(swim) is swim
    assert state.one_minute_steps("1", MONDAY) == 0


async def test_admin_interval_on(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    body = {"athlete": "2", "interval_on": MONDAY.isoformat(), "sport": "Ride"}
    answer = await admin(session, fixed, "POST", "plan", body)
    assert answer["shift_days"] < 0
    assert intervals(on(fixed.state, "2", MONDAY)) == ["Ride"]
    assert on(fixed.state, "1", MONDAY) == []


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ({"interval_on": "Monday"}, "interval_on: expected a date"),
        ({"interval_on": "2026-01-12", "sport": "Swim"}, "sport: one of Run, Ride"),
        ({"shift_days": 1, "sport": "Run"}, "unknown field(s): sport"),
        ({"interval_on": "2026-01-12", "regenerate": True}, "exactly one"),
    ],
)
async def test_admin_interval_on_refused(
    fixed: SimulatorServer, session: ClientSession, body: dict[str, Any], detail: str
) -> None:
    answer = await admin(session, fixed, "POST", "plan", body, status=400)
    assert detail in answer["detail"]


async def test_admin_interval_on_without_intervals(
    fixed: SimulatorServer, session: ClientSession
) -> None:
    fixed.state.replace_plan("1", [])
    body = {"interval_on": MONDAY.isoformat()}
    answer = await admin(session, fixed, "POST", "plan", body, status=400)
    assert answer["detail"] == "no interval workout in the plan"


def test_cli_today_options() -> None:
    args = cli.parse_args([])
    assert (args.today, args.short_steps) == ("as-is", False)
    args = cli.parse_args(["--today", "ride", "--short-steps"])
    assert (args.today, args.short_steps) == ("ride", True)
    with pytest.raises(SystemExit):
        cli.parse_args(["--today", "swim"])


@pytest.mark.parametrize("today", ["interval", "run", "ride"])
def test_prepare_today(today: str, caplog: pytest.LogCaptureFixture) -> None:
    state = SimulatorState(
        days=PLAN_DAYS,
        start=PLAN_START,
        now=ManualClock(datetime(2026, 1, 12, 12, tzinfo=UTC)),
    )
    cli.prepare_today(state, today, short_steps=True)
    for athlete in state.athletes:
        workouts = on(state, athlete, MONDAY)
        assert intervals(workouts)
        assert step_lengths(workouts) == {60}
    assert "Athlete 2: plan shifted by" in caplog.text


def test_prepare_today_as_is_and_without_intervals(
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = fixed_state()
    plan = state.workouts("1")
    cli.prepare_today(state, "as-is", short_steps=False)
    assert state.workouts("1") == plan
    state.replace_plan("1", [])
    cli.prepare_today(state, "interval", short_steps=False)
    assert "Athlete 1: no interval workout in the plan" in caplog.text


def test_cli_main_prepares_today(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(web, "run_app", lambda *_, **__: None)
    cli.main(["--today", "interval", "--short-steps"])
    assert "1-minute steps" in caplog.text
