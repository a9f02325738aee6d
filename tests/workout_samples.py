# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Workouts as the API sends them, for the calendar, event and image tests.

The steps follow ../shared/reference/README.md: the interval example is the
documented Tempo run (600 + 2 x (540 + 300) + 0 + 720 = 3000 s).
"""

from datetime import date
from typing import Any

from custom_components.ai_endurance.api import Workout, WorkoutPlan

TEMPO_STEPS: dict[str, Any] = {
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
    "target_off_high": 3.105,
    "target_warmup_low": None,
    "target_warmup_high": 3.45,
    "target_cooldown_low": None,
    "target_cooldown_high": 3.105,
    "target_add_endurance_low": None,
    "target_add_endurance_high": 3.45,
    "target_on_low": 3.45,
    "target_on_high": 3.665625,
}
ENDURANCE_STEPS: dict[str, Any] = {
    "act_type": "Run",
    "type": "Endurance",
    "duration": 1800,
    "stress": 26,
    "is_long": False,
    "target_high": 3.45,
}
LONG_RUN_STEPS: dict[str, Any] = {
    "act_type": "Run",
    "type": "Endurance",
    "duration": 6300,
    "stress": 90,
    "is_long": True,
    "target_high": 3.2,
}
VO2MAX_RIDE_STEPS: dict[str, Any] = {
    "act_type": "Ride",
    "type": "VO2Max",
    "stress": 80,
    "is_long": False,
    "repeats": 5,
    "duration_warmup": 900,
    "duration_cooldown": 600,
    "duration_on": 180,
    "duration_off": 180,
    "duration_add_endurance": 1200,
    "target_warmup_high": 180,
    "target_on_low": 300,
    "target_on_high": 330,
    "target_off_high": 150,
    "target_add_endurance_high": 200,
    "target_cooldown_high": 150,
}


def workout(
    day: date | str,
    steps: dict[str, Any] | None = None,
    *,
    workout_id: str | None = None,
    title: str | None = None,
    **extra: Any,
) -> Workout:
    """Return a workout read from an API object."""
    data: dict[str, Any] = {"date": str(day), **extra}
    if workout_id is not None:
        data["id"] = workout_id
    if title is not None:
        data["title"] = title
    if steps is not None:
        data["steps"] = steps
    return Workout.from_dict(data)


def tempo(day: date | str, workout_id: str | None = "tempo", **kw: Any) -> Workout:
    """Return the documented Tempo run on ``day``."""
    return workout(day, TEMPO_STEPS, workout_id=workout_id, **kw)


def endurance(day: date | str, workout_id: str | None = "easy", **kw: Any) -> Workout:
    """Return a 30 min endurance run on ``day``."""
    return workout(day, ENDURANCE_STEPS, workout_id=workout_id, **kw)


def long_run(day: date | str, workout_id: str | None = "long", **kw: Any) -> Workout:
    """Return a 1 h 45 min long run on ``day``."""
    return workout(day, LONG_RUN_STEPS, workout_id=workout_id, **kw)


def vo2max_ride(day: date | str, workout_id: str | None = "vo2", **kw: Any) -> Workout:
    """Return a VO2max ride with extra endurance on ``day``."""
    return workout(day, VO2MAX_RIDE_STEPS, workout_id=workout_id, **kw)


def swim(day: date | str, workout_id: str | None = "swim", **kw: Any) -> Workout:
    """Return a swim without steps on ``day``."""
    return workout(day, None, workout_id=workout_id, act_type="Swim", **kw)


def plan(*workouts: Workout) -> WorkoutPlan:
    """Return a plan of ``workouts``."""
    return WorkoutPlan(tuple(workouts))
