# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""One planned workout (``Future_Workout_Static``): documented fields, typed.

The schema is not published, so each field is declared once, with its JSON
names, and read by a tolerant reader of its type: one table-driven parse
reads a workout and its ``steps`` once. A workout without a readable date
cannot be placed in a plan and is refused; every other field may be missing
or malformed.

Field names AI Endurance uses elsewhere are read too: ``workout_id`` for
``id``, and a top-level ``act_type`` or ``duration_seconds`` beside
``steps.act_type`` and ``steps.duration``. A workout with steps keeps them in
its steps, so it compares equal whichever place the API put them. Unknown keys
are kept in ``extra``, which takes no part in equality: a field AI Endurance
adds is not a change of the plan.

Units: durations in seconds, targets in m/s (pace) or W (power), stress in
ESS (external stress score; 100 ESS is one hour at threshold intensity).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
import datetime as dt
from enum import StrEnum
from typing import Any, Final, Self, overload

import orjson

from ._read import REQUIRED, Table, documented, read_object
from .sport import Sport, Target, sport_of


class WorkoutType(StrEnum):
    """The workout types AI Endurance documents (``steps.type``).

    The API may send others: models keep the raw string, see
    :attr:`Workout.known_type`.
    """

    ENDURANCE = "Endurance"
    TEMPO = "Tempo"
    THRESHOLD = "Threshold"
    VO2MAX = "VO2Max"
    ANAEROBIC = "Anaerobic"


INTERVAL_TYPES: Final = frozenset(
    {
        WorkoutType.TEMPO,
        WorkoutType.THRESHOLD,
        WorkoutType.VO2MAX,
        WorkoutType.ANAEROBIC,
    }
)
"""Workout types made of warmup, repeats of on and off, and cooldown."""


def _compact_repr(item: object) -> str:
    """Name the fields that are set, so a workout reads in one line."""
    shown = []
    for attribute in fields(item):  # type: ignore[arg-type]
        value = getattr(item, attribute.name)
        if (
            not attribute.repr
            or value is None
            or (isinstance(value, Mapping) and not value)
        ):
            continue
        shown.append(f"{attribute.name}={value!r}")
    return f"{type(item).__name__}({', '.join(shown)})"


class PartTarget:
    """The target of one part of the steps, from ``target_<part>_low``/``_high``."""

    def __init__(self, part: str) -> None:
        """Name the part: ``warmup``, ``off``, ``cooldown``, ``add_endurance``."""
        self._low = f"target_{part}_low"
        self._high = f"target_{part}_high"

    @overload
    def __get__(self, steps: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(
        self, steps: WorkoutSteps, owner: type | None = None
    ) -> Target | None: ...
    def __get__(
        self, steps: WorkoutSteps | None, owner: type | None = None
    ) -> Target | Self | None:
        """Return the part's target (the descriptor itself on the class)."""
        if steps is None:
            return self
        return steps.target(getattr(steps, self._low), getattr(steps, self._high))


@dataclass(frozen=True, slots=True, repr=False)
class WorkoutSteps:
    """The machine-readable part of a workout: the ``steps`` object, typed.

    Each documented field is ``None`` where missing, ``null`` or unreadable
    (numeric strings are read as numbers); the JSON ``type`` is
    ``workout_type``. Keys this model does not know are in ``extra``, which
    takes no part in equality. Durations in seconds, stress in ESS, targets
    in m/s or W by the workout's sport (see :func:`.sport.target_kind`).
    """

    act_type: str | None = documented()
    """Activity: ``Run``, ``Ride``, ``Swim``, or any other string."""
    workout_type: str | None = documented("type")
    """Workout type (JSON ``type``): see :class:`WorkoutType`; may be unknown."""
    duration: int | None = documented("duration", "duration_seconds")
    """Endurance workouts: length in seconds."""
    stress: float | None = documented()
    """Planned stress in ESS."""
    is_long: bool | None = documented()
    """Whether this is the long workout of the week."""
    target_low: float | None = documented()
    """Endurance workouts: lower bound of intensity."""
    target_high: float | None = documented()
    """Endurance workouts: upper bound of intensity."""
    repeats: int | None = documented()
    """Intervals: number of on/off repeats."""
    duration_warmup: int | None = documented()
    """Intervals: warmup in seconds."""
    duration_cooldown: int | None = documented()
    """Intervals: cooldown in seconds."""
    duration_on: int | None = documented()
    """Intervals: one repeat's work in seconds."""
    duration_off: int | None = documented()
    """Intervals: one repeat's recovery in seconds."""
    duration_add_endurance: int | None = documented()
    """Intervals: additional time in the endurance zone, in seconds."""
    target_warmup_low: float | None = documented()
    """Intervals: warmup target, lower bound."""
    target_warmup_high: float | None = documented()
    """Intervals: warmup target, upper bound."""
    target_cooldown_low: float | None = documented()
    """Intervals: cooldown target, lower bound."""
    target_cooldown_high: float | None = documented()
    """Intervals: cooldown target, upper bound."""
    target_on_low: float | None = documented()
    """Intervals: work target, lower bound."""
    target_on_high: float | None = documented()
    """Intervals: work target, upper bound."""
    target_off_low: float | None = documented()
    """Intervals: recovery target, lower bound."""
    target_off_high: float | None = documented()
    """Intervals: recovery target, upper bound."""
    target_add_endurance_low: float | None = documented()
    """Intervals: additional endurance target, lower bound."""
    target_add_endurance_high: float | None = documented()
    """Intervals: additional endurance target, upper bound."""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Keys of ``steps`` this model does not know, as sent."""
    sport: Sport | None = field(default=None, compare=False, repr=False)
    """The workout's sport (:attr:`Workout.sport`), which makes a target a pace
    or a power; ``None``: from ``act_type`` alone."""

    __repr__ = _compact_repr

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], sport: Sport | None = None) -> Self:
        """Read a ``steps`` object; never fails on content."""
        reading = read_object(data, _STEP_TABLE)
        return cls(**reading.values, extra=reading.extra, sport=sport)

    @property
    def known_type(self) -> WorkoutType | None:
        """The workout type as a :class:`WorkoutType`; ``None`` when unknown."""
        try:
            return WorkoutType(self.workout_type or "")
        except ValueError:
            return None

    @property
    def is_interval(self) -> bool:
        """Tell an interval workout from an endurance one.

        Tempo, Threshold, VO2Max and Anaerobic are intervals, Endurance is not;
        an unknown or missing type is an interval when it has ``repeats`` or
        ``duration_on``.
        """
        if self.workout_type in INTERVAL_TYPES:
            return True
        if self.workout_type == WorkoutType.ENDURANCE:
            return False
        return self.repeats is not None or self.duration_on is not None

    @property
    def total_duration(self) -> int | None:
        """The workout's length in seconds.

        Interval: warmup + repeats x (on + off) + additional endurance +
        cooldown (missing parts count 0, missing repeats 1; the documented
        Tempo example is 600 + 2 x (540 + 300) + 0 + 720 = 3000 s), or
        ``duration`` when none of these parts is given. Endurance: ``duration``.
        """
        if self.is_interval:
            parts = (
                self.duration_warmup,
                self.duration_on,
                self.duration_off,
                self.duration_add_endurance,
                self.duration_cooldown,
            )
            if any(part is not None for part in parts):
                repeats = 1 if self.repeats is None else self.repeats
                return (
                    (self.duration_warmup or 0)
                    + repeats * ((self.duration_on or 0) + (self.duration_off or 0))
                    + (self.duration_add_endurance or 0)
                    + (self.duration_cooldown or 0)
                )
        return self.duration

    def target(self, low: float | None, high: float | None) -> Target | None:
        """Return the target of these bounds, a pace or a power by the sport."""
        return Target.of(low, high, self.sport or sport_of(self.act_type))

    @property
    def main_target(self) -> Target | None:
        """The main set's target: the ``on`` target of intervals, else ``target_*``."""
        if self.is_interval:
            return self.target(self.target_on_low, self.target_on_high)
        return self.target(self.target_low, self.target_high)

    warmup_target = PartTarget("warmup")
    """The warmup's target."""
    off_target = PartTarget("off")
    """The target of the recoveries between intervals."""
    cooldown_target = PartTarget("cooldown")
    """The cooldown's target."""
    add_endurance_target = PartTarget("add_endurance")
    """The target of the additional time in the endurance zone."""


_STEP_TABLE: Final = Table(WorkoutSteps)
STEP_FIELDS: Final = _STEP_TABLE.documented
"""The documented fields of ``steps`` (JSON names, aliases left out)."""


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Workout:
    """One planned workout.

    ``act_type`` and ``duration_seconds`` are the top-level fields of a
    workout without steps (with steps they are in ``steps``); read
    :attr:`activity` and :attr:`duration` rather than either. ``user`` is the
    account id when the payload carries one. Keys this model does not know
    are in ``extra`` (so is ``steps`` when it cannot be read), which takes no
    part in equality.
    """

    date: dt.date = field(metadata=REQUIRED)
    id: str | None = documented("id", "workout_id")
    title: str | None = documented()
    user: str | None = documented()
    act_type: str | None = documented()
    duration_seconds: int | None = documented()
    steps: WorkoutSteps | None = None
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    __repr__ = _compact_repr

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read one workout object.

        Raises ``ValueError`` when it has no readable ``date``; any other
        field may be missing or malformed.
        """
        workout, _ = parse_workout(data, cls)
        if workout is None:
            msg = "workout without a readable date"
            raise ValueError(msg)
        return workout

    @property
    def activity(self) -> str | None:
        """The raw ``act_type`` (``"Run"``, ``"Ride"``...), wherever the API put it."""
        if self.act_type is not None or self.steps is None:
            return self.act_type
        return self.steps.act_type

    @property
    def sport(self) -> Sport:
        """The sport: by the ``act_type`` (top-level first), else the title's words."""
        return sport_of(self.activity, self.title)

    @property
    def workout_type(self) -> str | None:
        """The raw ``steps.type`` (see :class:`WorkoutType`)."""
        return None if self.steps is None else self.steps.workout_type

    @property
    def known_type(self) -> WorkoutType | None:
        """The workout type as a :class:`WorkoutType`; ``None`` when unknown."""
        return None if self.steps is None else self.steps.known_type

    @property
    def is_interval(self) -> bool:
        """Whether this is an interval workout (:attr:`WorkoutSteps.is_interval`)."""
        return self.steps is not None and self.steps.is_interval

    @property
    def duration(self) -> int | None:
        """Total duration in seconds (see :attr:`WorkoutSteps.total_duration`)."""
        if self.steps is not None and (total := self.steps.total_duration) is not None:
            return total
        return self.duration_seconds

    @property
    def stress(self) -> float | None:
        """Planned stress in ESS (100 ESS: one hour at threshold)."""
        return None if self.steps is None else self.steps.stress

    @property
    def is_long(self) -> bool:
        """Whether AI Endurance marks this as a long workout (``False`` when unsaid)."""
        return self.steps is not None and self.steps.is_long is True

    @property
    def main_target(self) -> Target | None:
        """The main set's target (see :attr:`WorkoutSteps.main_target`)."""
        return None if self.steps is None else self.steps.main_target


_WORKOUT_TABLE: Final = Table(Workout, handled={"steps"})


def _steps_object(value: object) -> tuple[dict[str, Any] | None, bool]:
    """Read ``steps``: an object, a JSON string of one, or nothing.

    Returns the object (``None``: no steps) and whether ``value`` was
    readable (an empty object, ``null`` or an empty string are: no steps).
    """
    if type(value) is str:
        if not value.strip():
            return None, True
        try:
            value = orjson.loads(value)
        except orjson.JSONDecodeError:
            return None, False
    if value is None:
        return None, True
    if type(value) is dict:
        return value or None, True
    return None, False


def parse_workout[W: Workout](
    data: Mapping[str, Any], cls: type[W]
) -> tuple[W | None, list[str]]:
    """Read one workout object; return it and the names of what was unreadable.

    The workout is ``None`` without a readable date (``"date"`` is then among
    the names). Names are JSON keys, those inside ``steps`` as ``steps.<key>``.
    """
    values, extra, unreadable = read_object(data, _WORKOUT_TABLE)
    if "date" not in values:
        if "date" not in unreadable:
            unreadable.append("date")
        return None, unreadable
    raw_steps, readable = _steps_object(data.get("steps"))
    if not readable:
        unreadable.append("steps")
        extra = {**extra, "steps": data["steps"]}
    steps = None
    if raw_steps is not None:
        inner = read_object(raw_steps, _STEP_TABLE)
        unreadable.extend(f"steps.{name}" for name in inner.unreadable)
        in_steps = inner.values
        # Top-level act_type first; the steps' own duration first.
        if (act_type := values.pop("act_type", None)) is not None:
            in_steps["act_type"] = act_type
        if (duration := values.pop("duration_seconds", None)) is not None:
            in_steps.setdefault("duration", duration)
        sport = sport_of(in_steps.get("act_type"), values.get("title"))
        steps = WorkoutSteps(**in_steps, extra=inner.extra, sport=sport)
    return cls(**values, steps=steps, extra=extra), unreadable
