# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The plan: every workout the API listed, by date, and what could not be read.

Sensors ask one day at a time, so the workouts are kept sorted and a day is
found by bisection. A plan also says what it could not read (workouts skipped,
names of missing or unreadable fields, never values): the integration must
never show a rest day because the API changed a field name.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
import datetime as dt
from itertools import pairwise
import logging
import math
from typing import Any, Self

from .workout import Workout, parse_workout

_LOGGER = logging.getLogger(__name__)


def _day(workout: Workout) -> dt.date:
    return workout.date


def _main_key(workout: Workout) -> tuple[float, int]:
    stress = workout.stress
    duration = workout.duration
    return (
        -math.inf if stress is None else stress,
        -1 if duration is None else duration,
    )


@dataclass(frozen=True, slots=True)
class WorkoutPlan:
    """The planned workouts, sorted by date (the order of one day is kept).

    ``skipped`` counts the workouts the API sent that had no readable date
    (or were not objects). ``unreadable_fields`` names the fields that were
    missing where required (``date``) or held a value of the wrong type, in
    any workout (``steps.<key>`` inside ``steps``). Neither takes part in
    comparisons: two plans are equal when their workouts are.
    """

    workouts: tuple[Workout, ...] = ()
    skipped: int = field(default=0, compare=False)
    unreadable_fields: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        """Keep the workouts a tuple sorted by date."""
        workouts = self.workouts
        if type(workouts) is not tuple or any(
            a.date > b.date for a, b in pairwise(workouts)
        ):
            object.__setattr__(self, "workouts", tuple(sorted(workouts, key=_day)))

    @classmethod
    def from_list(cls, items: Iterable[Any]) -> Self:
        """Read a list of workout objects.

        Entries that are not objects, or have no readable date, are skipped
        (logged at debug level, by field name) and counted in ``skipped``.
        """
        workouts: list[Workout] = []
        skipped = 0
        unreadable: set[str] = set()
        for item in items:
            if type(item) is not dict:
                skipped += 1
                _LOGGER.debug("Skipped a %s: not an object", type(item).__name__)
                continue
            workout, names = parse_workout(item, Workout)
            unreadable.update(names)
            if workout is None:
                skipped += 1
                _LOGGER.debug("Skipped a workout: no readable date")
            else:
                workouts.append(workout)
        workouts.sort(key=_day)
        return cls(tuple(workouts), skipped, frozenset(unreadable))

    @property
    def is_complete(self) -> bool:
        """Whether every workout the API sent was read in full."""
        return not self.skipped and not self.unreadable_fields

    def __len__(self) -> int:
        """Return the number of workouts."""
        return len(self.workouts)

    def __iter__(self) -> Iterator[Workout]:
        """Iterate over the workouts in date order."""
        return iter(self.workouts)

    def on(self, day: dt.date) -> list[Workout]:
        """Return the workouts of ``day``, in the order the API listed them."""
        workouts = self.workouts
        start = bisect_left(workouts, day, key=_day)
        end = bisect_right(workouts, day, lo=start, key=_day)
        return list(workouts[start:end])

    def main_on(self, day: dt.date) -> Workout | None:
        """Return the main workout of ``day``, ``None`` on a rest day.

        The main workout is the one with the highest stress, then the longest
        duration, then the first listed (missing stress or duration counts
        as lowest).
        """
        workouts = self.on(day)
        if not workouts:
            return None
        return max(workouts, key=_main_key)  # max() keeps the first of equals

    def next_after(self, day: dt.date) -> Workout | None:
        """Return the main workout (see :meth:`main_on`) of the first day after ``day``.

        ``None`` when the plan has nothing after ``day``.
        """
        index = bisect_right(self.workouts, day, key=_day)
        if index == len(self.workouts):
            return None
        return self.main_on(self.workouts[index].date)

    def between(self, start: dt.date, end: dt.date) -> list[Workout]:
        """Return the workouts from ``start`` to ``end``, both days included."""
        workouts = self.workouts
        first = bisect_left(workouts, start, key=_day)
        last = bisect_right(workouts, end, lo=first, key=_day)
        return list(workouts[first:last])

    @property
    def days(self) -> list[dt.date]:
        """Return the days that have workouts, in order."""
        return sorted({w.date for w in self.workouts})

    @property
    def account_id(self) -> str | None:
        """The account the plan belongs to, from the workouts' ``user`` field.

        ``None`` when no workout carries one or when they disagree.
        """
        users = {w.user for w in self.workouts if w.user is not None}
        return users.pop() if len(users) == 1 else None
