# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Models: parsing from dicts, meaning (durations, targets, pace or power), plans."""

import base64
import datetime as dt
from typing import Any

import orjson
import pytest

from custom_components.ai_endurance.api import (
    FitFilePing,
    Target,
    TargetKind,
    Workout,
    WorkoutPlan,
    WorkoutSteps,
    WorkoutType,
    format_pace,
    is_cycling,
    pace_seconds,
    target_kind,
)
from custom_components.ai_endurance.api.models import STEP_FIELDS

# The two `steps` examples of the Partner API page, verbatim.
ENDURANCE: dict[str, Any] = {
    "act_type": "Run",
    "type": "Endurance",
    "duration": 1800,
    "stress": 26,
    "is_long": False,
    "target_high": 3.45,
}
TEMPO: dict[str, Any] = {
    "act_type": "Run",
    "type": "Tempo",
    "stress": 38,
    "is_long": False,
    "repeats": 2,
    "duration_warmup": 600,
    "duration_cooldown": 720,
    "duration_on": 540,
    "duration_off": 300,
    "duration_add_endurance": 0,
    "target_off_low": None,
    "target_off_high": 3.1050000000000004,
    "target_warmup_low": None,
    "target_warmup_high": 3.45,
    "target_cooldown_low": None,
    "target_cooldown_high": 3.1050000000000004,
    "target_add_endurance_low": None,
    "target_add_endurance_high": 3.45,
    "target_on_low": 3.45,
    "target_on_high": 3.6656250000000004,
}
FIT_HEADER = bytes([14, 0x10, 0, 0, 0, 0, 0, 0]) + b".FIT" + b"\x00\x00"


def workout(day: str, **fields: Any) -> dict[str, Any]:
    return {"id": 1, "date": day, "title": "W", "steps": ENDURANCE} | fields


# Steps


def test_endurance_example() -> None:
    steps = WorkoutSteps.from_dict(ENDURANCE)
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
    steps = WorkoutSteps.from_dict(TEMPO)
    assert steps.is_interval
    assert steps.known_type is WorkoutType.TEMPO
    # 600 + 2 x (540 + 300) + 0 + 720
    assert steps.total_duration == 3000
    assert steps.main_target == Target(3.45, 3.6656250000000004, TargetKind.PACE)
    assert steps.warmup_target == Target(None, 3.45, TargetKind.PACE)
    assert steps.off_target == Target(None, 3.1050000000000004, TargetKind.PACE)
    assert steps.cooldown_target == Target(None, 3.1050000000000004, TargetKind.PACE)
    assert steps.add_endurance_target == Target(None, 3.45, TargetKind.PACE)


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


def test_steps_keep_the_json() -> None:
    raw = dict(TEMPO)
    steps = WorkoutSteps.from_dict(raw)
    raw["stress"] = 99  # The model took a copy.
    assert steps.stress == 38
    assert steps.data == TEMPO
    assert steps == WorkoutSteps(dict(TEMPO))
    assert steps != WorkoutSteps.from_dict(ENDURANCE)
    assert hash(steps) == hash(WorkoutSteps.from_dict(TEMPO))
    assert set(TEMPO) | set(ENDURANCE) <= STEP_FIELDS
    assert len(STEP_FIELDS) == 23
    # The documented fields, read through the class, name their JSON key.
    assert WorkoutSteps.workout_type.key == "type"


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


# Targets, pace or power


@pytest.mark.parametrize(
    ("activity", "value", "kind"),
    [
        ("Run", 3.45, TargetKind.PACE),
        ("Run", 10.0, TargetKind.PACE),
        ("Run", 10.01, TargetKind.POWER),
        ("Run", 290.0, TargetKind.POWER),
        ("TrailRun", 250.0, TargetKind.POWER),
        ("Ride", 3.0, TargetKind.POWER),
        ("Ride", 220.0, TargetKind.POWER),
        ("VirtualRide", 200.0, TargetKind.POWER),
        ("EBikeRide", 150.0, TargetKind.POWER),
        ("Cycling", 150.0, TargetKind.POWER),
        ("Swim", 1.2, TargetKind.PACE),
        ("Swim", 50.0, TargetKind.PACE),
        ("Hike", 1.5, TargetKind.PACE),
        (None, 4.0, TargetKind.PACE),
        (None, 180.0, TargetKind.POWER),
    ],
)
def test_pace_or_power_rule(
    activity: str | None, value: float, kind: TargetKind
) -> None:
    assert target_kind(activity, value) is kind


def test_is_cycling() -> None:
    assert is_cycling("Ride")
    assert is_cycling("MountainBikeRide")
    assert not is_cycling("Run")
    assert not is_cycling(None)
    assert not is_cycling("")


def test_run_power_workout() -> None:
    steps = WorkoutSteps.from_dict(
        TEMPO | {"target_on_low": 255, "target_on_high": 272}
    )
    assert steps.main_target == Target(255, 272, TargetKind.POWER)


def test_ride_targets_are_power() -> None:
    steps = WorkoutSteps.from_dict(
        {"act_type": "Ride", "type": "Endurance", "duration": 3600, "target_high": 165}
    )
    assert steps.main_target == Target(None, 165, TargetKind.POWER)


def test_target_low_only() -> None:
    assert Target.of(3.0, None, "Run") == Target(3.0, None, TargetKind.PACE)
    assert Target.of(None, None, "Run") is None
    assert Target(3.0, None, TargetKind.PACE).value == 3.0
    assert Target(3.0, 3.5, TargetKind.PACE).value == 3.5
    with pytest.raises(ValueError, match="needs a low or a high bound"):
        Target(None, None, TargetKind.POWER)


# Pace


@pytest.mark.parametrize(
    ("mps", "unit", "text"),
    [
        (3.45, "km", "4:50/km"),
        (1000 / 290, "km", "4:50/km"),
        (1000 / 290, "mi", "7:47/mi"),
        (3.45, "mi", "7:46/mi"),
        (1000 / 299.6, "km", "5:00/km"),
        (1000 / 3723, "km", "1:02:03/km"),
        (1.0, "100m", "1:40/100m"),
        (None, "km", None),
        (0.0, "km", None),
        (-3.0, "km", None),
        (float("inf"), "km", None),
        (float("nan"), "km", None),
    ],
)
def test_format_pace(mps: float | None, unit: Any, text: str | None) -> None:
    assert format_pace(mps, unit) == text


def test_format_pace_default_unit_and_bad_unit() -> None:
    assert format_pace(3.45) == "4:50/km"
    assert pace_seconds(4.0) == 250.0
    assert pace_seconds(None, "mi") is None
    with pytest.raises(ValueError, match="unknown pace unit"):
        format_pace(3.0, "yd")  # type: ignore[arg-type]


# Workouts


def test_workout_from_dict() -> None:
    raw = {
        "id": 17399410,
        "date": "2026-11-21",
        "title": "Tempo Run 2 x 9 min",
        "user": 1,
        "steps": TEMPO,
        "description": "Keep it smooth",
        "completed": None,
    }
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
    assert item.main_target == Target(3.45, 3.6656250000000004, TargetKind.PACE)
    assert item.extra == {"description": "Keep it smooth", "completed": None}
    assert item == Workout.from_dict(dict(raw))
    assert hash(item) == hash(Workout.from_dict(dict(raw)))


def test_from_dict_matches_init() -> None:
    raw = {
        "id": 7,
        "date": "2026-01-05",
        "title": "Tempo",
        "user": 3,
        "steps": TEMPO,
        "coach_note": "x",
    }
    expected = Workout(
        date=dt.date(2026, 1, 5),
        id="7",
        title="Tempo",
        activity="Run",
        workout_type="Tempo",
        steps=WorkoutSteps(dict(TEMPO)),
        user="3",
        extra={"coach_note": "x"},
    )
    assert Workout.from_dict(raw) == expected
    assert repr(Workout.from_dict(raw)) == repr(expected)
    assert WorkoutPlan.from_list([raw]).workouts == (expected,)


def test_from_dict_of_a_subclass() -> None:
    class MyWorkout(Workout):
        __slots__ = ()

    item = MyWorkout.from_dict({"date": "2026-01-05", "id": 1, "steps": ENDURANCE})
    assert type(item) is MyWorkout
    assert item.id == "1"
    assert item.duration == 1800


def test_steps_as_json_string() -> None:
    as_string = Workout.from_dict(
        workout("2026-01-05", steps=orjson.dumps(TEMPO).decode())
    )
    as_object = Workout.from_dict(workout("2026-01-05", steps=TEMPO))
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


@pytest.mark.parametrize("steps", ["{not json", "[1, 2]", [ENDURANCE], 42])
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


def test_activity_falls_back_to_top_level() -> None:
    item = Workout.from_dict({"date": "2026-01-05", "act_type": "Swim", "steps": None})
    assert item.activity == "Swim"
    assert item.extra == {"act_type": "Swim"}


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026-03-01T06:30:00Z", dt.date(2026, 3, 1)),
        ("2026-03-01 06:30", dt.date(2026, 3, 1)),
    ],
)
def test_dates(value: str, day: dt.date) -> None:
    assert Workout.from_dict({"date": value}).date == day


@pytest.mark.parametrize("value", [None, "", "2026-02-30", "tomorrow", 20260301, []])
def test_unreadable_date_raises(value: Any) -> None:
    with pytest.raises(ValueError, match="readable date"):
        Workout.from_dict({"id": 3, "date": value})


# Plans


def _plan(*items: dict[str, Any]) -> WorkoutPlan:
    return WorkoutPlan.from_list(items)


def test_plan_skips_and_counts_unreadable_workouts() -> None:
    plan = WorkoutPlan.from_list(
        [
            workout("2026-01-07", id=3),
            workout("not a date", id=4),
            "junk",
            {"id": 5},
            workout("2026-01-05", id=1),
            None,
        ]
    )
    assert [w.id for w in plan] == ["1", "3"]
    assert plan.skipped == 4
    assert len(plan) == 2
    # Skipped workouts do not take part in comparisons.
    assert plan == _plan(workout("2026-01-05", id=1), workout("2026-01-07", id=3))


def test_plan_sorted_keeping_day_order() -> None:
    plan = _plan(
        workout("2026-01-06", id=3),
        workout("2026-01-05", id=1),
        workout("2026-01-06", id=2),
    )
    assert [w.id for w in plan] == ["1", "3", "2"]
    direct = WorkoutPlan(tuple(reversed(plan.workouts)))
    assert [w.id for w in direct] == ["1", "2", "3"]
    listed = WorkoutPlan([*plan.workouts])  # type: ignore[arg-type]
    assert isinstance(listed.workouts, tuple)
    assert listed == plan
    assert WorkoutPlan() == WorkoutPlan(())
    assert len(WorkoutPlan()) == 0


def _steps(stress: Any, duration: Any) -> dict[str, Any]:
    return {
        "act_type": "Run",
        "type": "Endurance",
        "stress": stress,
        "duration": duration,
    }


def test_on_and_main_on_rule() -> None:
    day = dt.date(2026, 1, 6)
    plan = _plan(
        workout("2026-01-05", id=0),
        workout("2026-01-06", id=1, steps=_steps(40, 3600)),
        workout("2026-01-06", id=2, steps=_steps(55, 1800)),
        workout("2026-01-06", id=3, steps=_steps(55, 2400)),
        workout("2026-01-06", id=4, steps=_steps(55, 2400)),
        workout("2026-01-08", id=5),
    )
    assert [w.id for w in plan.on(day)] == ["1", "2", "3", "4"]
    # Highest stress, then longest duration, then first listed.
    main = plan.main_on(day)
    assert main is not None
    assert main.id == "3"
    assert plan.on(dt.date(2026, 1, 7)) == []
    assert plan.main_on(dt.date(2026, 1, 7)) is None


def test_main_on_missing_values_count_lowest() -> None:
    plan = _plan(
        workout("2026-01-06", id=1, steps=None),
        workout("2026-01-06", id=2, steps=_steps(None, 600)),
        workout("2026-01-06", id=3, steps=_steps(None, None)),
    )
    main = plan.main_on(dt.date(2026, 1, 6))
    assert main is not None
    assert main.id == "2"
    swim_only = _plan(workout("2026-01-06", id=7, steps=None))
    main = swim_only.main_on(dt.date(2026, 1, 6))
    assert main is not None
    assert main.id == "7"


def test_next_after_and_between() -> None:
    plan = _plan(
        workout("2026-01-05", id=1),
        workout("2026-01-08", id=2, steps=_steps(10, 600)),
        workout("2026-01-08", id=3, steps=_steps(90, 600)),
        workout("2026-01-10", id=4),
    )
    nxt = plan.next_after(dt.date(2026, 1, 5))
    assert nxt is not None
    assert nxt.id == "3"
    nxt = plan.next_after(dt.date(2026, 1, 1))
    assert nxt is not None
    assert nxt.id == "1"
    assert plan.next_after(dt.date(2026, 1, 10)) is None
    assert [w.id for w in plan.between(dt.date(2026, 1, 5), dt.date(2026, 1, 8))] == [
        "1",
        "2",
        "3",
    ]
    assert [w.id for w in plan.between(dt.date(2026, 1, 6), dt.date(2026, 1, 30))] == [
        "2",
        "3",
        "4",
    ]
    assert plan.between(dt.date(2026, 1, 9), dt.date(2026, 1, 6)) == []
    assert plan.days == [dt.date(2026, 1, 5), dt.date(2026, 1, 8), dt.date(2026, 1, 10)]


def test_account_id() -> None:
    assert (
        _plan(workout("2026-01-05", user=7), workout("2026-01-06", user="7")).account_id
        == "7"
    )
    assert _plan(workout("2026-01-05", user=7), workout("2026-01-06")).account_id == "7"
    assert (
        _plan(workout("2026-01-05", user=7), workout("2026-01-06", user=8)).account_id
        is None
    )
    assert _plan(workout("2026-01-05")).account_id is None
    assert WorkoutPlan().account_id is None


def test_plans_compare_by_value() -> None:
    raw = [workout("2026-01-05", id=1, steps=TEMPO), workout("2026-01-06", id=2)]
    assert WorkoutPlan.from_list(raw) == WorkoutPlan.from_list(
        orjson.loads(orjson.dumps(raw))
    )
    changed = [raw[0], workout("2026-01-06", id=2, steps=_steps(30, 1800))]
    assert WorkoutPlan.from_list(raw) != WorkoutPlan.from_list(changed)


# FIT pings


def test_ping_to_json_has_all_fields() -> None:
    ping = FitFilePing.from_url(
        "https://files.example/a.fit",
        summary_id="a.fit",
        start_time=1700000000,
        source="garmin",
    )
    assert ping.to_json() == {
        "file_type": "FIT",
        "activity_name": None,
        "priority": 1,
        "source": "garmin",
        "overwrite_mode": False,
        "start_time_in_seconds": "1700000000",
        "callback_url": "https://files.example/a.fit",
        "summary_id": "a.fit",
    }
    assert not ping.is_inline


def test_ping_from_bytes() -> None:
    content = FIT_HEADER + b"\x01\x02secret-data"
    ping = FitFilePing.from_bytes(
        content,
        summary_id="run.fit",
        start_time=dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC),
        source="home-assistant",
        activity_name="Morning run",
        priority=0,
        overwrite_mode=True,
    )
    assert ping.is_inline
    assert base64.b64decode(ping.callback_url) == content
    body = ping.to_json()
    assert body["start_time_in_seconds"] == "1700000000"
    assert body["priority"] == 0
    assert body["overwrite_mode"] is True
    assert body["activity_name"] == "Morning run"
    assert len(body) == 8
    # The content never reaches repr (and so no log).
    assert ping.callback_url not in repr(ping)
    assert "callback_url" not in repr(ping)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"short",
        b"\x0e" + b"\x00" * 13,
        bytes([13]) + FIT_HEADER[1:],
        bytes([14]) + b"\x00" * 7 + b".FIT",
    ],
)
def test_ping_from_bytes_rejects_non_fit(content: bytes) -> None:
    with pytest.raises(ValueError, match="not a FIT file") as err:
        FitFilePing.from_bytes(content, summary_id="x", start_time=1, source="s")
    assert base64.b64encode(content).decode() not in str(err.value) or not content


def test_ping_from_url_rejects_other_schemes() -> None:
    with pytest.raises(ValueError, match="http or https"):
        FitFilePing.from_url("ftp://x/a.fit", summary_id="x", start_time=1, source="s")


def test_ping_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        FitFilePing.from_url(
            "https://x/a.fit",
            summary_id="x",
            start_time=dt.datetime(2024, 1, 1),  # noqa: DTZ001
            source="s",
        )


BASE: dict[str, Any] = {
    "callback_url": "https://x/a.fit",
    "summary_id": "a.fit",
    "start_time_in_seconds": 1,
    "source": "s",
}


@pytest.mark.parametrize(
    ("fields", "error", "match"),
    [
        ({"callback_url": ""}, ValueError, "callback_url must not be empty"),
        ({"summary_id": 5}, TypeError, "summary_id must be str"),
        ({"source": None}, TypeError, "source must be str"),
        ({"file_type": ""}, ValueError, "file_type must not be empty"),
        ({"activity_name": 3}, TypeError, "activity_name must be str"),
        (
            {"start_time_in_seconds": "1"},
            TypeError,
            "start_time_in_seconds must be int",
        ),
        ({"start_time_in_seconds": True}, TypeError, "must be int, not bool"),
        ({"start_time_in_seconds": -1}, ValueError, "must not be negative"),
        ({"priority": 2}, ValueError, "priority must be 0"),
        ({"priority": 1.0}, TypeError, "priority must be int"),
        ({"overwrite_mode": 0}, TypeError, "overwrite_mode must be bool"),
    ],
)
def test_ping_validation(
    fields: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        FitFilePing(**(BASE | fields))
