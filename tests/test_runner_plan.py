# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The runner's pure parts: a workout as steps, the clock, where a run stands."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from custom_components.ai_endurance.api import Workout
from custom_components.ai_endurance.presentation import workout_view
from custom_components.ai_endurance.runner_clock import ActiveRun, RunClock, Timeline
from custom_components.ai_endurance.runner_plan import (
    NoStructureError,
    RunPlan,
    StepKind,
)

from .conftest import endurance, interval, load_phrases, swim

EN = load_phrases("en")
DE = load_phrases("de")
NOW = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)


def plan_of(data: dict[str, Any], *, language: str = "en") -> RunPlan:
    """Return the run plan of a workout as the API sends it."""
    phrases = DE if language == "de" else EN
    view = workout_view(Workout.from_dict(data), phrases, imperial=False)
    return RunPlan.of(view.workout, view.summary, view.blocks, phrases)


def test_interval_ride_steps() -> None:
    """A ride on power: W targets; repeats counted; the extra endurance kept."""
    ride = interval("2026-11-24", "Threshold", act_type="Ride", on=(250, 265))
    ride["steps"]["duration_add_endurance"] = 300
    plan = plan_of(ride)
    assert [(step.kind, step.duration, step.zone) for step in plan.steps] == [
        (StepKind.WARM_UP, 600, 1),
        (StepKind.ON, 540, 4),
        (StepKind.OFF, 300, 1),
        (StepKind.ON, 540, 4),
        (StepKind.OFF, 300, 1),
        (StepKind.EXTRA_ENDURANCE, 300, 2),
        (StepKind.COOL_DOWN, 720, 1),
    ]
    second = plan.steps[3]
    assert (second.target_low, second.target_high, second.target_unit) == (
        250,
        265,
        "W",
    )
    assert second.announcement == "Interval 2 of 2: 9 min at 250\u2013265 W"
    assert plan.sport == "ride"
    assert plan.duration == 3300
    assert plan.day == date(2026, 11, 24)


def test_endurance_is_one_step_in_german() -> None:
    """An endurance workout is one block of its duration."""
    plan = plan_of(endurance("2026-11-23", duration=1800), language="de")
    [step] = plan.steps
    assert (step.kind, step.duration, step.zone, step.repeat) == (
        StepKind.ENDURANCE,
        1800,
        2,
        None,
    )
    assert step.announcement == "Ausdauer: 30 min bei 4:50 /km oder langsamer"
    assert plan.step_data(1, None)["announcement"] == "Training beendet"


def test_steps_without_targets_and_a_main_set() -> None:
    """No target: the announcement names the step and its time only."""
    data = interval("2026-11-25", "Tempo")
    data["steps"] = {"act_type": "Run", "type": "Tempo", "duration": 1200}
    [step] = plan_of(data).steps
    assert (step.kind, step.duration, step.repeat) == (StepKind.ON, 1200, None)
    assert step.target_text is None
    assert step.target_unit is None
    assert step.announcement.endswith(": 20 min")


def test_no_structure() -> None:
    with pytest.raises(NoStructureError):
        plan_of(swim("2026-11-25"))


def test_plan_round_trip() -> None:
    plan = plan_of(interval("2026-11-25", "VO2Max", repeats=4))
    assert RunPlan.from_dict(plan.to_dict()) == plan


def _damaged(change: dict[str, Any], step: dict[str, Any] | None = None) -> Any:
    data = plan_of(interval("2026-11-25", "Tempo")).to_dict()
    data.update(change)
    if step is not None:
        data["steps"][0].update(step)
    return data


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (_damaged({"version": 2}), ValueError),
        (_damaged({"steps": []}), ValueError),
        (_damaged({"summary": 5}), TypeError),
        (_damaged({}, {"duration": 0}), ValueError),
        (_damaged({}, {"duration": 1.5}), TypeError),
        (_damaged({}, {"target_high": "fast"}), TypeError),
        (_damaged({}, {"target_high": True}), TypeError),
        (_damaged({}, {"kind": "sprint"}), ValueError),
        (_damaged({"day": "Wednesday"}), ValueError),
    ],
)
def test_damaged_plans(data: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        RunPlan.from_dict(data)


def test_clock_pauses_and_offset() -> None:
    """Workout time leaves pauses out; an offset starts it later in the workout."""
    clock = RunClock.start(NOW, timedelta(seconds=100))
    assert clock.elapsed(NOW) == timedelta(seconds=100)
    assert clock.resume(NOW) is clock
    clock = clock.pause(NOW + timedelta(seconds=50))
    assert clock.elapsed(NOW + timedelta(hours=1)) == timedelta(seconds=150)
    clock = clock.resume(NOW + timedelta(seconds=80))
    assert clock.paused == timedelta(seconds=30)
    assert clock.elapsed(NOW + timedelta(seconds=90)) == timedelta(seconds=160)
    assert clock.at(timedelta(seconds=160)) == NOW + timedelta(seconds=90)
    assert RunClock.from_dict(clock.to_dict()) == clock


@pytest.mark.parametrize(
    "data",
    [
        {"started_at": 5, "paused": 0, "paused_at": None},
        {"started_at": "2026-11-25T07:00:00", "paused": 0, "paused_at": None},
        {"started_at": "2026-11-25T07:00:00Z", "paused": "0", "paused_at": None},
        {"started_at": "2026-11-25T07:00:00Z", "paused": False, "paused_at": None},
    ],
)
def test_damaged_clocks(data: dict[str, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        RunClock.from_dict(data)


def test_timeline_boundaries_belong_to_the_next_step() -> None:
    timeline = Timeline([60, 30])
    assert timeline.position(timedelta(seconds=59.999999)).index == 0
    position = timeline.position(timedelta(seconds=60))
    assert (position.index, position.start, position.end) == (
        1,
        timedelta(seconds=60),
        timedelta(seconds=90),
    )
    assert timeline.position(timedelta(seconds=90)).index == 2


def test_active_run() -> None:
    """Where a run stands: its step, the next, when they end, paused or not."""
    plan = plan_of(interval("2026-11-25", "Tempo"))
    run = ActiveRun(plan, RunClock.start(NOW), 10)
    run.locate(NOW + timedelta(seconds=700))
    assert (run.step.kind, run.next_step, run.over) == ("on", "off", False)
    assert run.step_ends == NOW + timedelta(seconds=1140)
    assert run.seconds_left(NOW + timedelta(seconds=700)) == 440
    run.clock = run.clock.pause(NOW + timedelta(seconds=700))
    assert (run.paused, run.step_ends, run.workout_ends) == (True, None, None)
    assert ActiveRun.from_dict(run.to_dict()).clock == run.clock
    run.locate(NOW + timedelta(seconds=2999))  # the clock stands at 700 s
    assert run.next_step == "off"
    run.clock = run.clock.resume(NOW + timedelta(seconds=700))
    run.locate(NOW + timedelta(seconds=2999))
    assert run.next_step == "finished"
    run.locate(NOW + timedelta(seconds=3000))
    assert run.over
