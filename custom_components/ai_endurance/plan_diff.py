# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What changed between two plans: workouts added, changed and removed.

Pure functions over the API models, no Home Assistant import; the event
entity fires one event per change.

Rules:
- A workout is matched by its id; without an id by date and activity (and its
  position among same-day workouts of that activity). A repeated id gets its
  position too. Without an id, a workout
  that moves to another day is therefore "removed" and "added".
- Only today and the future count: a workout dated before today that drops out
  of the plan (it slid into the past) is not "removed", and a past workout is
  never "added" or "changed".
- A workout counts as changed when something a person sees differs: date,
  activity, type, title, duration, stress or the documented fields of its
  steps, compared as parsed. A field AI Endurance adds (inside `steps` or
  beside them) lands in `extra`, which takes no part in equality: no change.
- The first plan after Home Assistant starts or the entry loads is the baseline:
  the caller diffs only from the second plan on (otherwise every restart
  would report the whole plan as added).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .api import Workout, WorkoutPlan


class ChangeType(StrEnum):
    """Event types of the event entity."""

    ADDED = "workout_added"
    CHANGED = "workout_changed"
    REMOVED = "workout_removed"


COMPARED_FIELDS: dict[str, str] = {
    "date": "date",
    "activity": "activity",
    "type": "workout_type",
    "title": "title",
    "duration": "duration",
    "stress": "stress",
    "steps": "steps",
}
"""Event field name -> Workout attribute compared for "changed"."""


@dataclass(frozen=True, slots=True)
class WorkoutChange:
    """One change: the workout as it is now (as it was, for removed ones)."""

    type: ChangeType
    workout: Workout
    previous: Workout | None = None
    fields: tuple[str, ...] = ()
    """For changed workouts: the event field names that differ."""


type WorkoutKey = tuple[str, ...]


def workout_keys(workouts: Iterable[Workout]) -> dict[WorkoutKey, Workout]:
    """Return the workouts by matching key (id, else date + activity + index)."""
    keyed: dict[WorkoutKey, Workout] = {}
    seen: dict[tuple[str, ...], int] = {}
    for workout in workouts:
        if workout.id:
            slot: tuple[str, ...] = ("id", workout.id)
        else:
            slot = ("day", workout.date.isoformat(), workout.activity or "")
        index = seen.get(slot, 0)
        seen[slot] = index + 1
        if slot[0] == "id":
            # An id the API repeats (it should not) still gets a key of its own.
            keyed[(*slot, str(index)) if index else slot] = workout
        else:
            keyed[*slot, str(index)] = workout
    return keyed


def changed_fields(old: Workout, new: Workout) -> tuple[str, ...]:
    """Return the event field names whose values differ."""
    return tuple(
        name
        for name, attribute in COMPARED_FIELDS.items()
        if getattr(old, attribute) != getattr(new, attribute)
    )


def diff_plans(old: WorkoutPlan, new: WorkoutPlan, today: date) -> list[WorkoutChange]:
    """Return the changes from `old` to `new` for today and later, by date."""
    old_keyed = workout_keys(old.workouts)
    new_keyed = workout_keys(new.workouts)
    changes: list[WorkoutChange] = []
    for key, workout in new_keyed.items():
        if (before := old_keyed.get(key)) is None:
            if workout.date >= today:
                changes.append(WorkoutChange(ChangeType.ADDED, workout))
            continue
        if max(before.date, workout.date) < today:
            continue
        if fields := changed_fields(before, workout):
            changes.append(WorkoutChange(ChangeType.CHANGED, workout, before, fields))
    changes.extend(
        WorkoutChange(ChangeType.REMOVED, workout)
        for key, workout in old_keyed.items()
        if key not in new_keyed and workout.date >= today
    )
    changes.sort(key=lambda change: change.workout.date)
    return changes


def event_attributes(
    change: WorkoutChange, summary: Callable[[Workout], str]
) -> dict[str, Any]:
    """Return the data of an event: what an automation needs to decide and say.

    `duration` is in minutes, `stress` in ESS; `summary` gives the summaries
    (as in the calendar); `changes` and the `previous_*` fields only on
    `workout_changed`.
    """
    workout = change.workout
    attributes: dict[str, Any] = {
        "date": workout.date.isoformat(),
        "activity": workout.activity,
        "type": workout.workout_type,
        "duration": round(workout.duration / 60) if workout.duration else None,
        "stress": workout.stress,
        "title": workout.title,
        "summary": summary(workout),
        "workout_id": workout.id,
    }
    if change.previous is not None:
        attributes["changes"] = list(change.fields)
        attributes["previous_date"] = change.previous.date.isoformat()
        attributes["previous_summary"] = summary(change.previous)
    return attributes
