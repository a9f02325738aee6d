# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Plans: sorted by date, one day at a time, and what could not be read."""

import datetime as dt
from typing import Any

import orjson

from custom_components.ai_endurance.api import WorkoutPlan
from tests.workout_samples import ENDURANCE_STEPS, TEMPO_STEPS


def workout(day: str, **fields: Any) -> dict[str, Any]:
    return {"id": 1, "date": day, "title": "W", "steps": ENDURANCE_STEPS} | fields


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
    assert plan.unreadable_fields == {"date"}
    assert not plan.is_complete
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
    raw = [workout("2026-01-05", id=1, steps=TEMPO_STEPS), workout("2026-01-06", id=2)]
    assert WorkoutPlan.from_list(raw) == WorkoutPlan.from_list(
        orjson.loads(orjson.dumps(raw))
    )
    changed = [raw[0], workout("2026-01-06", id=2, steps=_steps(30, 1800))]
    assert WorkoutPlan.from_list(raw) != WorkoutPlan.from_list(changed)


def test_plan_names_unreadable_fields_never_values() -> None:
    plan = WorkoutPlan.from_list(
        [
            workout("2026-01-05", id={"nested": "secret-id"}),
            workout(
                "2026-01-06",
                steps=ENDURANCE_STEPS | {"duration": "long", "stress": [38]},
            ),
            workout("2026-01-07", steps="{not json"),
            {"id": 4, "day": "2026-01-08", "title": "Secret title"},
            workout("2026-01-09", id=5),
        ]
    )
    assert len(plan) == 4
    assert plan.skipped == 1
    assert plan.unreadable_fields == {
        "id",
        "steps.duration",
        "steps.stress",
        "steps",
        "date",
    }
    assert "secret" not in repr(plan.unreadable_fields)
    assert WorkoutPlan.from_list([workout("2026-01-05")]).is_complete
    assert WorkoutPlan().is_complete
    # What could not be read takes no part in comparisons.
    assert WorkoutPlan.from_list(
        [workout("2026-01-09", id=5)]
    ) == WorkoutPlan.from_list([workout("2026-01-09", id=5), {"id": 6}])


def test_nulls_are_missing_not_unreadable() -> None:
    nulls = dict.fromkeys(TEMPO_STEPS)
    plan = WorkoutPlan.from_list(
        [workout("2026-01-05", id=None, title=None, user=None, steps=nulls)]
    )
    assert plan.is_complete
