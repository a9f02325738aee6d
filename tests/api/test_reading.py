# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The wider reading: field names and forms AI Endurance uses elsewhere, and shapes."""

import datetime as dt
from typing import Any

import orjson
import pytest

from custom_components.ai_endurance.api import (
    Sport,
    Workout,
    WorkoutPlan,
    response_shape,
)
from custom_components.ai_endurance.api.shape import (
    MAX_KEY_LENGTH,
    MAX_KEYS,
    envelope_of,
    workout_items,
)
from tests.workout_samples import ENDURANCE_STEPS, TEMPO_STEPS

DOCUMENTED: dict[str, Any] = {
    "id": 17399410,
    "date": "2026-12-02",
    "title": "Endurance Run 30 min",
    "user": 1,
    "steps": ENDURANCE_STEPS,
}


def test_workout_id_beside_id() -> None:
    aliased = {k: v for k, v in DOCUMENTED.items() if k != "id"}
    item = Workout.from_dict(aliased | {"workout_id": 17399410})
    assert item.id == "17399410"
    assert item == Workout.from_dict(DOCUMENTED)
    # The documented name wins when both are there.
    assert Workout.from_dict(DOCUMENTED | {"workout_id": 5}).id == "17399410"


def test_act_type_and_duration_seconds_at_the_top_level() -> None:
    steps = {
        k: v for k, v in ENDURANCE_STEPS.items() if k not in {"act_type", "duration"}
    }
    moved = DOCUMENTED | {"act_type": "Run", "duration_seconds": 1800, "steps": steps}
    item = Workout.from_dict(moved)
    assert item.activity == "Run"
    assert item.sport is Sport.RUN
    assert item.duration == 1800
    assert item.extra == {}
    # With steps, both live in the steps: the same workout as documented.
    assert item == Workout.from_dict(DOCUMENTED)
    assert item.act_type is None
    assert item.duration_seconds is None


def test_duration_seconds_inside_steps() -> None:
    steps = {k: v for k, v in ENDURANCE_STEPS.items() if k != "duration"}
    item = Workout.from_dict(DOCUMENTED | {"steps": steps | {"duration_seconds": 1800}})
    assert item == Workout.from_dict(DOCUMENTED)


def test_a_workout_as_the_mcp_server_lists_it() -> None:
    """``workout_id``, ``date``, ``title``, ``act_type``, ``duration_seconds``."""
    item = Workout.from_dict(
        {
            "workout_id": 88,
            "date": "2026-12-02",
            "title": "Swim technique",
            "act_type": "Swim",
            "duration_seconds": 2700,
        }
    )
    assert (item.id, item.activity, item.sport) == ("88", "Swim", Sport.SWIM)
    assert item.duration == 2700
    assert item.steps is None
    assert item.extra == {}


def test_the_steps_duration_wins_over_the_top_level() -> None:
    item = Workout.from_dict(DOCUMENTED | {"duration_seconds": 60})
    assert item.duration == 1800
    interval = Workout.from_dict(DOCUMENTED | {"steps": TEMPO_STEPS})
    with_total = Workout.from_dict(
        DOCUMENTED | {"steps": TEMPO_STEPS, "duration_seconds": 3000}
    )
    assert with_total.duration == interval.duration == 3000


@pytest.mark.parametrize(
    "value",
    [
        "2026-12-02",
        "2026-12-02T00:00:00Z",
        "2026-12-02T00:00:00+00:00",
        "2026-12-02T23:30:00-08:00",  # 3 December in UTC: the day as written
        "2026-12-02T00:30:00+14:00",  # 1 December in UTC
        "2026-12-02T06:30:00",
        "2026-12-02T06:30:00.123456789Z",
        "2026-12-02 06:30",
        "2026-12-02t06:30:00z",
    ],
)
def test_dates_are_the_day_as_written(value: str) -> None:
    assert Workout.from_dict({"date": value}).date == dt.date(2026, 12, 2)


@pytest.mark.parametrize("value", ["2026-12-32T00:00:00Z", "2026-12-02Tnoon", "12/2"])
def test_unreadable_date_times(value: str) -> None:
    plan = WorkoutPlan.from_list([{"date": value}])
    assert (len(plan), plan.skipped) == (0, 1)
    assert plan.unreadable_fields == {"date"}


def _as_strings(value: Any) -> Any:
    """Every number of a JSON value as a string (booleans stay booleans)."""
    if isinstance(value, dict):
        return {k: _as_strings(v) for k, v in value.items()}
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return str(value)
    return value


@pytest.mark.parametrize("steps", [ENDURANCE_STEPS, TEMPO_STEPS])
def test_numbers_as_strings(steps: dict[str, Any]) -> None:
    documented = DOCUMENTED | {"steps": steps}
    as_strings = _as_strings(documented)
    assert as_strings["steps"]["stress"] == str(steps["stress"])
    plan = WorkoutPlan.from_list([as_strings])
    assert plan.is_complete
    assert plan == WorkoutPlan.from_list([documented])
    assert repr(plan) == repr(WorkoutPlan.from_list([documented]))
    assert plan.workouts[0].main_target == Workout.from_dict(documented).main_target


@pytest.mark.parametrize(
    ("body", "envelope", "count"),
    [
        ([DOCUMENTED], "list", 1),
        ({"results": [DOCUMENTED], "next": None}, "results", 1),
        ({"workouts": [DOCUMENTED, DOCUMENTED]}, "workouts", 2),
        ({"data": []}, "data", 0),
        ({"data": {"workouts": []}}, "unknown", None),
        ({"items": [DOCUMENTED]}, "unknown", None),
        ("text", "unknown", None),
        (None, "unknown", None),
    ],
)
def test_envelopes(body: Any, envelope: str, count: int | None) -> None:
    assert envelope_of(body) == envelope
    items = workout_items(body)
    assert (None if items is None else len(items)) == count


SECRET_PLAN: list[Any] = [
    {
        "id": 424242,
        "date": "2031-07-19",
        "title": "Secret hill reps",
        "user": 9191,
        "token": "tok-abcdef",
        "steps": TEMPO_STEPS | {"note": "private note"},
    },
    {
        "id": 434343,
        "date": "2031-07-20",
        "title": "Other secret",
        "steps": orjson.dumps(ENDURANCE_STEPS).decode(),
    },
    {"id": 1, "date": "2031-07-21", "steps": None, "tags": ["x"], "w": 1.5},
    {"id": 2, "date": "2031-07-22", "title": "Not described"},
    "stray text",
]


def test_response_shape_names_keys_and_types_only() -> None:
    shape = response_shape({"count": 5, "next": None, "results": SECRET_PLAN})
    assert shape["type"] == "object"
    assert shape["envelope"] == "results"
    assert shape["keys"] == {"count": "integer", "next": "null", "results": "array"}
    assert shape["items"] == 5
    assert shape["item_types"] == {"object": 4, "string": 1}
    first, second, third = shape["first_items"]
    assert first["keys"] == {
        "date": "string",
        "id": "integer",
        "steps": "object",
        "title": "string",
        "token": "string",
        "user": "integer",
    }
    assert first["steps"]["note"] == "string"
    assert first["steps"]["target_off_low"] == "null"
    assert first["steps"]["is_long"] == "boolean"
    assert first["steps"]["target_on_high"] == "number"
    assert second["steps_encoding"] == "string"
    assert second["steps"]["duration"] == "integer"
    assert third == {
        "type": "object",
        "keys": {
            "date": "string",
            "id": "integer",
            "steps": "null",
            "tags": "array",
            "w": "number",
        },
    }
    text = orjson.dumps(shape).decode()
    for secret in ("424242", "2031", "Secret", "9191", "tok-abcdef", "private"):
        assert secret not in text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            [],
            {
                "type": "array",
                "envelope": "list",
                "items": 0,
                "item_types": {},
                "first_items": [],
            },
        ),
        ("maintenance", {"type": "string", "envelope": "unknown"}),
        (None, {"type": "null", "envelope": "unknown"}),
        (
            {"status": "ok", "data": {"workouts": 3}},
            {
                "type": "object",
                "envelope": "unknown",
                "keys": {"data": "object", "status": "string"},
            },
        ),
        (
            [{"steps": "{broken"}, 3],
            {
                "type": "array",
                "envelope": "list",
                "items": 2,
                "item_types": {"object": 1, "integer": 1},
                "first_items": [
                    {"type": "object", "keys": {"steps": "string"}},
                    {"type": "integer"},
                ],
            },
        ),
    ],
)
def test_response_shape_of_odd_answers(body: Any, expected: dict[str, Any]) -> None:
    assert response_shape(body) == expected


def test_response_shape_caps_keys() -> None:
    body = {f"k{i:03d}": i for i in range(MAX_KEYS + 5)} | {"x" * 100: 1}
    keys = response_shape(body)["keys"]
    assert len(keys) == MAX_KEYS + 1
    assert keys["(more keys)"] == 6
    assert all(len(name) <= MAX_KEY_LENGTH for name in keys)
