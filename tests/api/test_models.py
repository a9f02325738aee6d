# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Workouts and their steps: parsed once, typed, equal by value, unknown keys kept."""

import dataclasses
import datetime as dt
from typing import Any

import orjson
import pytest

from custom_components.ai_endurance.api import (
    STEP_FIELDS,
    Target,
    TargetKind,
    Workout,
    WorkoutSteps,
    WorkoutType,
)
from custom_components.ai_endurance.api.workout import PartTarget
from tests.workout_samples import ENDURANCE_STEPS, TEMPO_STEPS


def workout(day: str, **fields: Any) -> dict[str, Any]:
    return {"id": 1, "date": day, "title": "W", "steps": ENDURANCE_STEPS} | fields


# Steps


def test_endurance_example() -> None:
    steps = WorkoutSteps.from_dict(ENDURANCE_STEPS)
    assert steps.act_type == "Run"
    assert steps.workout_type == "Endurance"
    assert steps.known_type is WorkoutType.ENDURANCE
    assert not steps.is_interval
    assert steps.total_duration == 1800
    assert steps.stress == 26
    assert steps.is_long is False
    assert steps.main_target == Target(None, 3.45, TargetKind.PACE)
    assert steps.warmup_target is None
    assert steps.extra == {}


def test_tempo_example_lasts_3000_seconds() -> None:
    steps = WorkoutSteps.from_dict(TEMPO_STEPS)
    assert steps.is_interval
    assert steps.known_type is WorkoutType.TEMPO
    # 600 + 2 x (540 + 300) + 0 + 720
    assert steps.total_duration == 3000
    assert steps.main_target == Target(3.45, 3.665625, TargetKind.PACE)
    assert steps.warmup_target == Target(None, 3.45, TargetKind.PACE)
    assert steps.off_target == Target(None, 3.105, TargetKind.PACE)
    assert steps.cooldown_target == Target(None, 3.105, TargetKind.PACE)
    assert steps.add_endurance_target == Target(None, 3.45, TargetKind.PACE)
    # Read through the class, a part's target is its descriptor.
    assert isinstance(WorkoutSteps.warmup_target, PartTarget)


@pytest.mark.parametrize(
    ("fields", "interval", "duration"),
    [
        ({"type": "Threshold", "duration": 999}, True, 999),  # no parts: duration
        ({"type": "VO2Max", "duration_on": 60, "duration_off": 60}, True, 120),
        ({"type": "Anaerobic", "repeats": 3, "duration_on": 60}, True, 180),
        ({"type": "Recovery", "repeats": 4, "duration_on": 30}, True, 120),
        ({"type": "Recovery", "duration": 1200}, False, 1200),
        ({"type": None, "duration_on": 300}, True, 300),
        ({"type": "Endurance", "repeats": 3, "duration": 600}, False, 600),
        ({}, False, None),
    ],
)
def test_interval_rule_and_duration(
    fields: dict[str, Any], interval: bool, duration: int | None
) -> None:
    steps = WorkoutSteps.from_dict(fields)
    assert steps.is_interval is interval
    assert steps.total_duration == duration


def test_steps_are_typed_fields_equal_by_value() -> None:
    raw = dict(TEMPO_STEPS)
    steps = WorkoutSteps.from_dict(raw)
    raw["stress"] = 99  # Parsed once: the model holds values, not the dict.
    assert steps.stress == 38
    assert steps.duration_on == 540
    assert steps.target_on_high == 3.665625
    assert steps == WorkoutSteps.from_dict(orjson.loads(orjson.dumps(TEMPO_STEPS)))
    assert steps != WorkoutSteps.from_dict(ENDURANCE_STEPS)
    assert hash(steps) == hash(WorkoutSteps.from_dict(TEMPO_STEPS))
    assert set(TEMPO_STEPS) | set(ENDURANCE_STEPS) <= STEP_FIELDS
    assert len(STEP_FIELDS) == 23
    names = {f.name for f in dataclasses.fields(WorkoutSteps)}
    assert names == STEP_FIELDS - {"type"} | {"workout_type", "extra", "sport"}
    with pytest.raises(dataclasses.FrozenInstanceError):
        steps.stress = 1  # type: ignore[misc]


def test_unknown_keys_take_no_part_in_equality() -> None:
    plain = WorkoutSteps.from_dict(TEMPO_STEPS)
    more = WorkoutSteps.from_dict(TEMPO_STEPS | {"cadence_target": 90})
    assert more.extra == {"cadence_target": 90}
    assert more == plain
    assert hash(more) == hash(plain)
    item = Workout.from_dict(workout("2026-01-05", coach_note="x"))
    assert item.extra == {"coach_note": "x"}
    assert item == Workout.from_dict(workout("2026-01-05"))


def test_readable_repr() -> None:
    steps = WorkoutSteps.from_dict(ENDURANCE_STEPS | {"zone": 2})
    assert repr(steps) == (
        "WorkoutSteps(act_type='Run', workout_type='Endurance', duration=1800, "
        "stress=26, is_long=False, target_high=3.45, extra={'zone': 2})"
    )
    item = Workout.from_dict({"date": "2026-01-05", "id": 7, "act_type": "Swim"})
    assert repr(item) == (
        "Workout(date=datetime.date(2026, 1, 5), id='7', act_type='Swim')"
    )


def test_unknown_type_and_activity_are_kept() -> None:
    steps = WorkoutSteps.from_dict(
        {"act_type": "Rowing", "type": "Fartlek", "duration": 600, "zone": 2}
    )
    assert steps.act_type == "Rowing"
    assert steps.workout_type == "Fartlek"
    assert steps.known_type is None
    assert steps.extra == {"zone": 2}
    assert WorkoutSteps().known_type is None


def test_tolerant_values() -> None:
    steps = WorkoutSteps.from_dict(
        {
            "act_type": 7,
            "type": ["Tempo"],
            "duration": "1800",
            "stress": "41.5",
            "is_long": "True",
            "repeats": 2.0,
            "duration_on": 299.6,
            "duration_off": "abc",
            "target_on_low": True,
            "target_on_high": "NaN",
            "target_off_high": float("inf"),
            "target_low": {"value": 3},
        }
    )
    assert steps.act_type == "7"
    assert steps.workout_type is None
    assert steps.duration == 1800
    assert steps.stress == 41.5
    assert steps.is_long is True
    assert steps.repeats == 2
    assert steps.duration_on == 300
    assert steps.duration_off is None
    assert steps.target_on_low is None
    assert steps.target_on_high is None
    assert steps.target_off_high is None
    assert steps.target_low is None
    assert steps.extra == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        (1, True),
        (0, False),
        (2, None),
        (" false ", False),
        ("1", True),
        ("yes", None),
        (None, None),
        (1.0, None),
    ],
)
def test_is_long_values(value: Any, expected: bool | None) -> None:
    assert WorkoutSteps.from_dict({"is_long": value}).is_long is expected


def test_run_power_workout() -> None:
    steps = WorkoutSteps.from_dict(
        TEMPO_STEPS | {"target_on_low": 255, "target_on_high": 272}
    )
    assert steps.main_target == Target(255, 272, TargetKind.POWER)


def test_ride_targets_are_power() -> None:
    steps = WorkoutSteps.from_dict(
        {"act_type": "Ride", "type": "Endurance", "duration": 3600, "target_high": 165}
    )
    assert steps.main_target == Target(None, 165, TargetKind.POWER)


# Workouts


def test_workout_from_dict() -> None:
    raw = workout(
        "2026-11-21",
        id=17399410,
        title="Tempo Run 2 x 9 min",
        user=1,
        steps=TEMPO_STEPS,
        description="Keep it smooth",
        completed=None,
    )
    item = Workout.from_dict(raw)
    assert item.id == "17399410"
    assert item.date == dt.date(2026, 11, 21)
    assert item.title == "Tempo Run 2 x 9 min"
    assert item.user == "1"
    assert item.activity == "Run"
    assert item.workout_type == "Tempo"
    assert item.known_type is WorkoutType.TEMPO
    assert item.is_interval
    assert item.duration == 3000
    assert item.stress == 38
    assert item.is_long is False
    assert item.main_target == Target(3.45, 3.665625, TargetKind.PACE)
    assert item.extra == {"description": "Keep it smooth", "completed": None}
    assert item == Workout.from_dict(dict(raw))
    assert hash(item) == hash(Workout.from_dict(dict(raw)))


def test_from_dict_matches_init() -> None:
    raw = workout(
        "2026-01-05", id=7, title="Tempo", user=3, steps=TEMPO_STEPS, coach_note="x"
    )
    expected = Workout(
        date=dt.date(2026, 1, 5),
        id="7",
        title="Tempo",
        steps=WorkoutSteps.from_dict(TEMPO_STEPS),
        user="3",
        extra={"coach_note": "x"},
    )
    assert Workout.from_dict(raw) == expected
    assert repr(Workout.from_dict(raw)) == repr(expected)


def test_from_dict_of_a_subclass() -> None:
    class MyWorkout(Workout):
        __slots__ = ()

    item = MyWorkout.from_dict(
        {"date": "2026-01-05", "id": 1, "steps": ENDURANCE_STEPS}
    )
    assert type(item) is MyWorkout
    assert item.id == "1"
    assert item.duration == 1800


def test_steps_as_json_string() -> None:
    as_string = Workout.from_dict(
        workout("2026-01-05", steps=orjson.dumps(TEMPO_STEPS).decode())
    )
    as_object = Workout.from_dict(workout("2026-01-05", steps=TEMPO_STEPS))
    assert as_string == as_object
    assert as_string.extra == {}


@pytest.mark.parametrize("steps", [None, "", {}, "null", "{}"])
def test_no_steps(steps: Any) -> None:
    item = Workout.from_dict(workout("2026-01-05", steps=steps, title="Swim 45 min"))
    assert item.steps is None
    assert item.extra == {}
    assert item.activity is None
    assert item.workout_type is None
    assert item.known_type is None
    assert item.duration is None
    assert item.stress is None
    assert item.is_long is False
    assert not item.is_interval
    assert item.main_target is None


@pytest.mark.parametrize("steps", ["{not json", "[1, 2]", [ENDURANCE_STEPS], 42])
def test_unreadable_steps_kept_in_extra(steps: Any) -> None:
    item = Workout.from_dict(workout("2026-01-05", steps=steps))
    assert item.steps is None
    assert item.extra == {"steps": steps}


def test_missing_and_null_fields() -> None:
    item = Workout.from_dict({"date": "2026-01-05"})
    assert item == Workout(date=dt.date(2026, 1, 5))
    nulls = Workout.from_dict(
        {"id": None, "date": "2026-01-05", "title": None, "user": None, "steps": None}
    )
    assert nulls == item


def test_top_level_act_type() -> None:
    item = Workout.from_dict({"date": "2026-01-05", "act_type": "Swim", "steps": None})
    assert item.activity == "Swim"
    assert item.act_type == "Swim"
    assert item.extra == {}


@pytest.mark.parametrize("value", [None, "", "2026-02-30", "tomorrow", 20260301, []])
def test_unreadable_date_raises(value: Any) -> None:
    with pytest.raises(ValueError, match="readable date"):
        Workout.from_dict({"id": 3, "date": value})
