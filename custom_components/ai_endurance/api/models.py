# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Typed models of the AI Endurance Partner API, and pace helpers.

The schema of ``Future_Workout_Static`` is not public: parsing is tolerant.
Unknown fields are kept in ``extra``, unknown workout and activity types are
kept as strings, missing or unreadable values are ``None``. Only a workout
without a readable date is dropped (and counted in :attr:`WorkoutPlan.skipped`).

Units: durations in seconds, targets in m/s (pace) or W (power), stress in
ESS (external stress score; 100 ESS is one hour at threshold intensity).
"""

import base64
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
import datetime as dt
from enum import StrEnum
from itertools import pairwise
import logging
import math
from typing import Any, Final, Literal, Self, cast, overload

import orjson

from .const import MAX_PACE_MPS

_LOGGER = logging.getLogger(__name__)

type PaceUnit = Literal["km", "mi", "100m"]
"""Distance a pace is given for: a kilometre, a mile or 100 metres (swims)."""

_UNIT_METERS: Final[dict[str, float]] = {"km": 1000.0, "mi": 1609.344, "100m": 100.0}
_CYCLING_WORDS: Final = ("ride", "bike", "cycl", "velo")
_FIT_HEADER_SIZES: Final = (12, 14)


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


class TargetKind(StrEnum):
    """What a target value measures: a pace in m/s or a power in W."""

    PACE = "pace"
    POWER = "power"


def is_cycling(activity: str | None) -> bool:
    """Tell whether an ``act_type`` is a cycling type (``Ride``, ``VirtualRide``...)."""
    if not activity:
        return False
    name = activity.lower()
    return any(word in name for word in _CYCLING_WORDS)


def target_kind(activity: str | None, value: float) -> TargetKind:
    """Decide whether a target value is a pace (m/s) or a power (W).

    The rule: cycling (``Ride`` and any ``act_type`` naming a ride, bike or
    cycling) is power; ``Swim`` is pace; anything else, ``Run`` included and
    unknown or missing activities, is a pace when the value is at most
    :data:`MAX_PACE_MPS` (10 m/s, faster than any runner) and a power above
    it (running power is 100 W and more).
    """
    if is_cycling(activity):
        return TargetKind.POWER
    if activity and "swim" in activity.lower():
        return TargetKind.PACE
    return TargetKind.PACE if value <= MAX_PACE_MPS else TargetKind.POWER


def pace_seconds(mps: float | None, unit: PaceUnit = "km") -> float | None:
    """Turn a speed in m/s into seconds per ``unit``; ``None`` when not a speed."""
    meters = _UNIT_METERS.get(unit)
    if meters is None:
        msg = f"unknown pace unit {unit!r}, expected 'km', 'mi' or '100m'"
        raise ValueError(msg)
    if mps is None or not math.isfinite(mps) or mps <= 0:
        return None
    return meters / mps


def format_pace(mps: float | None, unit: PaceUnit = "km") -> str | None:
    """Format a speed in m/s as a pace, rounded to the second.

    ``format_pace(3.45)`` is ``"4:50/km"``, ``format_pace(1000 / 290, "mi")``
    is ``"7:47/mi"``; paces of an hour or more read ``"1:02:03/km"``.
    ``None`` (or zero, negative, infinite) gives ``None``.
    """
    seconds = pace_seconds(mps, unit)
    if seconds is None:
        return None
    minutes, secs = divmod(round(seconds), 60)
    if minutes >= 60:  # noqa: PLR2004
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}/{unit}"
    return f"{minutes}:{secs:02d}/{unit}"


@dataclass(frozen=True, slots=True)
class Target:
    """An intensity target: a range, or one bound of it.

    Paces are in m/s (``low`` is the slower pace), powers in W. At least one
    bound is set (else ``ValueError``). Endurance workouts usually carry only
    ``high``: an upper bound of intensity.
    """

    low: float | None
    high: float | None
    kind: TargetKind

    def __post_init__(self) -> None:
        """Refuse a target without a bound."""
        if self.low is None and self.high is None:
            msg = "a target needs a low or a high bound"
            raise ValueError(msg)

    @property
    def value(self) -> float:
        """The one number to show: ``high`` when set, else ``low``."""
        return self.high if self.high is not None else cast("float", self.low)

    @classmethod
    def of(
        cls, low: float | None, high: float | None, activity: str | None
    ) -> Self | None:
        """Build the target of an activity; ``None`` when both bounds are missing."""
        if high is not None:
            return cls(low, high, target_kind(activity, high))
        if low is not None:
            return cls(low, high, target_kind(activity, low))
        return None


def _str(value: object) -> str | None:
    """Read a string field; whole numbers become strings, anything else ``None``."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    return None


def _num(value: object) -> float | None:
    """Read a number field; numeric strings are accepted, ``bool`` is not."""
    if type(value) is int:
        return value
    if type(value) is float:
        return value if math.isfinite(value) else None
    if type(value) is str:
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _int(value: object) -> int | None:
    """Read a whole-number field (seconds, repeats); other numbers are rounded."""
    if type(value) is int:
        return value
    number = _num(value)
    return None if number is None else round(number)


_BOOL_WORDS: Final = {"true": True, "false": False, "1": True, "0": False}


def _bool(value: object) -> bool | None:
    """Read a boolean field; ``0``/``1`` and ``"true"``/``"false"`` are accepted."""
    if type(value) is bool:
        return value
    if type(value) is int and value in {0, 1}:
        return value == 1
    if type(value) is str:
        return _BOOL_WORDS.get(value.strip().lower())
    return None


class _Field[T]:
    """A documented field of ``steps``: read from the JSON object when accessed.

    Missing, ``null`` or unreadable values read as ``None``.
    """

    def __init__(self, key: str, read: Callable[[object], T | None]) -> None:
        self.key = key
        self._read = read

    @overload
    def __get__(self, steps: None, owner: type | None = None) -> Self: ...
    @overload
    def __get__(self, steps: WorkoutSteps, owner: type | None = None) -> T | None: ...
    def __get__(
        self, steps: WorkoutSteps | None, owner: type | None = None
    ) -> T | Self | None:
        if steps is None:
            return self
        return self._read(steps.data.get(self.key))


@dataclass(frozen=True, slots=True)
class WorkoutSteps:
    """The machine-readable part of a workout: a typed view of ``steps``.

    ``data`` is the ``steps`` JSON object as the API sent it; steps compare by
    it. Every documented field is an attribute, typed when read (``None``
    where missing, ``null`` or unreadable; numeric strings are accepted); the
    JSON ``type`` is ``workout_type``. Fields this model does not know are in
    :attr:`extra`. Reading on access keeps fetching a year of workouts fast.

    Durations in seconds, targets in m/s or W (see :func:`target_kind`),
    stress in ESS.
    """

    data: dict[str, Any] = field(default_factory=dict, hash=False)

    act_type = _Field("act_type", _str)
    """Activity: ``Run``, ``Ride``, ``Swim``, or any other string."""
    workout_type = _Field("type", _str)
    """Workout type (JSON ``type``): see :class:`WorkoutType`; may be unknown."""
    duration = _Field("duration", _int)
    """Endurance workouts: length in seconds."""
    stress = _Field("stress", _num)
    """Planned stress in ESS."""
    is_long = _Field("is_long", _bool)
    """Whether this is the long workout of the week."""
    target_low = _Field("target_low", _num)
    """Endurance workouts: lower bound of intensity."""
    target_high = _Field("target_high", _num)
    """Endurance workouts: upper bound of intensity."""
    repeats = _Field("repeats", _int)
    """Intervals: number of on/off repeats."""
    duration_warmup = _Field("duration_warmup", _int)
    """Intervals: warmup in seconds."""
    duration_cooldown = _Field("duration_cooldown", _int)
    """Intervals: cooldown in seconds."""
    duration_on = _Field("duration_on", _int)
    """Intervals: one repeat's work in seconds."""
    duration_off = _Field("duration_off", _int)
    """Intervals: one repeat's recovery in seconds."""
    duration_add_endurance = _Field("duration_add_endurance", _int)
    """Intervals: additional time in the endurance zone, in seconds."""
    target_warmup_low = _Field("target_warmup_low", _num)
    """Intervals: warmup target, lower bound."""
    target_warmup_high = _Field("target_warmup_high", _num)
    """Intervals: warmup target, upper bound."""
    target_cooldown_low = _Field("target_cooldown_low", _num)
    """Intervals: cooldown target, lower bound."""
    target_cooldown_high = _Field("target_cooldown_high", _num)
    """Intervals: cooldown target, upper bound."""
    target_on_low = _Field("target_on_low", _num)
    """Intervals: work target, lower bound."""
    target_on_high = _Field("target_on_high", _num)
    """Intervals: work target, upper bound."""
    target_off_low = _Field("target_off_low", _num)
    """Intervals: recovery target, lower bound."""
    target_off_high = _Field("target_off_high", _num)
    """Intervals: recovery target, upper bound."""
    target_add_endurance_low = _Field("target_add_endurance_low", _num)
    """Intervals: additional endurance target, lower bound."""
    target_add_endurance_high = _Field("target_add_endurance_high", _num)
    """Intervals: additional endurance target, upper bound."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Wrap a ``steps`` object (copied); never fails on content."""
        return cls(dict(data))

    @property
    def extra(self) -> dict[str, Any]:
        """The fields of ``steps`` that are not documented."""
        return {k: v for k, v in self.data.items() if k not in STEP_FIELDS}

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
        cooldown (missing parts count 0, missing repeats 1; the seed's Tempo
        example is 600 + 2 x (540 + 300) + 0 + 720 = 3000 s), or ``duration``
        when none of these parts is given. Endurance: ``duration``.
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

    def _target(self, low: float | None, high: float | None) -> Target | None:
        return Target.of(low, high, self.act_type)

    @property
    def main_target(self) -> Target | None:
        """The main set's target: the ``on`` target of intervals, else ``target_*``."""
        if self.is_interval:
            return self._target(self.target_on_low, self.target_on_high)
        return self._target(self.target_low, self.target_high)

    @property
    def warmup_target(self) -> Target | None:
        """The warmup's target."""
        return self._target(self.target_warmup_low, self.target_warmup_high)

    @property
    def off_target(self) -> Target | None:
        """The target of the recoveries between intervals."""
        return self._target(self.target_off_low, self.target_off_high)

    @property
    def cooldown_target(self) -> Target | None:
        """The cooldown's target."""
        return self._target(self.target_cooldown_low, self.target_cooldown_high)

    @property
    def add_endurance_target(self) -> Target | None:
        """The target of the additional time in the endurance zone."""
        return self._target(
            self.target_add_endurance_low, self.target_add_endurance_high
        )


STEP_FIELDS: Final = frozenset(
    attribute.key
    for attribute in vars(WorkoutSteps).values()
    if isinstance(attribute, _Field)
)
"""The documented fields of ``steps`` (JSON names)."""

_WORKOUT_KEYS: Final = frozenset({"id", "date", "title", "user", "steps"})


def _parse_date(value: object) -> dt.date | None:
    """Read ``YYYY-MM-DD``; a date-time string gives its date part."""
    if type(value) is not str:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    if len(value) > 10 and value[10] in "T ":  # noqa: PLR2004
        return _parse_date(value[:10])
    return None


def _parse_steps(value: object) -> tuple[WorkoutSteps | None, bool]:
    """Read ``steps``: an object, a JSON string of one, or nothing.

    Returns the steps and whether ``value`` was readable (an empty object,
    ``null`` or an empty string are readable: no steps).
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
        return (WorkoutSteps.from_dict(value) if value else None), True
    return None, False


@dataclass(frozen=True, slots=True, kw_only=True)
class Workout:
    """One planned workout (a ``Future_Workout_Static`` object).

    ``activity`` is the raw ``act_type`` (``"Run"``, ``"Ride"``, ``"Swim"``...)
    and ``workout_type`` the raw ``type`` (see :class:`WorkoutType`), both from
    ``steps`` (``activity`` falls back to a top-level ``act_type``). ``user``
    is the account id when the payload carries one. Fields this model does not
    know are kept in ``extra``; so is ``steps`` when it cannot be read.
    Workouts compare by value.
    """

    date: dt.date
    id: str | None = None
    title: str | None = None
    activity: str | None = None
    workout_type: str | None = None
    steps: WorkoutSteps | None = None
    user: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read one workout object.

        Raises ``ValueError`` when it has no readable ``date``; any other
        field may be missing or malformed.
        """
        workout = _read_workout(data)
        if cls is Workout:
            return cast("Self", workout)
        return cls(**{name: getattr(workout, name) for name in _WORKOUT_FIELDS})

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
        return None if self.steps is None else self.steps.total_duration

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


# Reading a plan creates a Workout and a WorkoutSteps per workout. A frozen
# dataclass's __init__ sets each field through object.__setattr__ after
# keyword handling: that was most of the parse time of a year's plan. The
# parser below sets the slots directly (their descriptors' __set__), with
# values it has already checked. Adding a field breaks the unpacking here.
_new = object.__new__
_fromisoformat = dt.date.fromisoformat
_WORKOUT_FIELDS: Final = tuple(f.name for f in fields(Workout))
(
    _set_date,
    _set_id,
    _set_title,
    _set_activity,
    _set_workout_type,
    _set_steps,
    _set_user,
    _set_extra,
) = (vars(Workout)[name].__set__ for name in _WORKOUT_FIELDS)
(_set_steps_data,) = (vars(WorkoutSteps)[f.name].__set__ for f in fields(WorkoutSteps))


def _read_workout(data: Mapping[str, Any]) -> Workout:
    """Read one workout object (see :meth:`Workout.from_dict`)."""
    get = data.get
    try:  # The usual "YYYY-MM-DD" first.
        day = _fromisoformat(get("date", ""))
    except TypeError, ValueError:
        parsed = _parse_date(get("date"))
        if parsed is None:
            msg = "workout without a readable date"
            raise ValueError(msg) from None
        day = parsed
    raw_steps = get("steps")
    steps: WorkoutSteps | None = None
    activity: str | None = None
    workout_type: str | None = None
    readable = True
    if type(raw_steps) is dict:  # The usual case first.
        if raw_steps:
            steps = _new(WorkoutSteps)
            _set_steps_data(steps, raw_steps.copy())
            activity = _str(raw_steps.get("act_type"))
            workout_type = _str(raw_steps.get("type"))
    elif raw_steps is not None:
        steps, readable = _parse_steps(raw_steps)
        if steps is not None:
            activity = steps.act_type
            workout_type = steps.workout_type
    if data.keys() <= _WORKOUT_KEYS:
        extra: dict[str, Any] = {}
    else:
        extra = {k: v for k, v in data.items() if k not in _WORKOUT_KEYS}
        if activity is None:
            activity = _str(extra.get("act_type"))
    if not readable:
        extra["steps"] = raw_steps
    workout = _new(Workout)
    _set_date(workout, day)
    # Ids and users come as numbers, titles as strings: skip _str for those.
    value = get("id")
    _set_id(workout, str(value) if type(value) is int else _str(value))
    value = get("title")
    _set_title(workout, value if type(value) is str else _str(value))
    _set_activity(workout, activity)
    _set_workout_type(workout, workout_type)
    _set_steps(workout, steps)
    value = get("user")
    _set_user(workout, str(value) if type(value) is int else _str(value))
    _set_extra(workout, extra)
    return workout


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
    (or were not objects); it does not take part in comparisons, so two plans
    are equal when their workouts are.
    """

    workouts: tuple[Workout, ...] = ()
    skipped: int = field(default=0, compare=False)

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
        (logged at debug level) and counted in ``skipped``.
        """
        workouts: list[Workout] = []
        skipped = 0
        for item in items:
            if type(item) is dict:
                try:
                    workouts.append(_read_workout(item))
                except ValueError:
                    reason = f"no readable date (id {item.get('id')!r})"
                else:
                    continue
            else:
                reason = f"not an object but {type(item).__name__}"
            skipped += 1
            _LOGGER.debug("Skipped a workout: %s", reason)
        workouts.sort(key=_day)
        return cls(tuple(workouts), skipped)

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


@dataclass(frozen=True, slots=True, kw_only=True)
class FitFilePing:
    """One entry of ``activity_files`` in a FIT file ping.

    ``callback_url`` is where AI Endurance downloads the file, or the file
    itself base64-encoded (see :meth:`from_url` and :meth:`from_bytes`); it is
    left out of ``repr`` so file content and signed URLs never reach a log.
    ``start_time_in_seconds`` is a unix time stamp (sent as a string).
    ``priority`` 1 imports now; 0 waits for a bulk import. A wrong type
    raises ``TypeError``, a bad value ``ValueError``.
    """

    callback_url: str = field(repr=False)
    summary_id: str
    start_time_in_seconds: int
    source: str
    activity_name: str | None = None
    priority: int = 1
    overwrite_mode: bool = False
    file_type: str = "FIT"

    def __post_init__(self) -> None:
        """Check every field, so the server gets a complete ping.

        Raises ``TypeError`` for a wrong type, ``ValueError`` for a bad value.
        """
        for name in ("callback_url", "summary_id", "source", "file_type"):
            _check_type(name, getattr(self, name), str)
            if not getattr(self, name):
                msg = f"FitFilePing.{name} must not be empty"
                raise ValueError(msg)
        if self.activity_name is not None:
            _check_type("activity_name", self.activity_name, str)
        _check_type("start_time_in_seconds", self.start_time_in_seconds, int)
        if self.start_time_in_seconds < 0:
            msg = "FitFilePing.start_time_in_seconds must not be negative"
            raise ValueError(msg)
        _check_type("priority", self.priority, int)
        if self.priority not in {0, 1}:
            msg = "FitFilePing.priority must be 0 (bulk) or 1 (now)"
            raise ValueError(msg)
        _check_type("overwrite_mode", self.overwrite_mode, bool)

    @property
    def is_inline(self) -> bool:
        """Whether ``callback_url`` carries the file itself rather than a URL."""
        return not self.callback_url.startswith(("https://", "http://"))

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        summary_id: str,
        start_time: int | dt.datetime,
        source: str,
        activity_name: str | None = None,
        priority: int = 1,
        overwrite_mode: bool = False,
    ) -> Self:
        """Ping a file AI Endurance downloads from ``url`` (http or https)."""
        if not url.startswith(("https://", "http://")):
            msg = "the callback URL must be an http or https URL"
            raise ValueError(msg)
        return cls(
            callback_url=url,
            summary_id=summary_id,
            start_time_in_seconds=_timestamp(start_time),
            source=source,
            activity_name=activity_name,
            priority=priority,
            overwrite_mode=overwrite_mode,
        )

    @classmethod
    def from_bytes(
        cls,
        content: bytes,
        *,
        summary_id: str,
        start_time: int | dt.datetime,
        source: str,
        activity_name: str | None = None,
        priority: int = 1,
        overwrite_mode: bool = False,
    ) -> Self:
        """Ping a file sent inline: ``content`` base64-encoded in ``callback_url``.

        ``content`` must be a FIT file: its header (12 or 14 bytes, its size in
        the first byte) has ``.FIT`` at bytes 8 to 11.
        """
        if not _is_fit(content):
            msg = "the content is not a FIT file (no .FIT header)"
            raise ValueError(msg)
        return cls(
            callback_url=base64.b64encode(content).decode("ascii"),
            summary_id=summary_id,
            start_time_in_seconds=_timestamp(start_time),
            source=source,
            activity_name=activity_name,
            priority=priority,
            overwrite_mode=overwrite_mode,
        )

    def to_json(self) -> dict[str, Any]:
        """Return the entry as the API wants it: all eight fields, time as a string."""
        return {
            "file_type": self.file_type,
            "activity_name": self.activity_name,
            "priority": self.priority,
            "source": self.source,
            "overwrite_mode": self.overwrite_mode,
            "start_time_in_seconds": str(self.start_time_in_seconds),
            "callback_url": self.callback_url,
            "summary_id": self.summary_id,
        }


def _is_fit(content: bytes) -> bool:
    """Tell whether ``content`` starts with a FIT file header."""
    return (
        len(content) >= _FIT_HEADER_SIZES[0]
        and content[0] in _FIT_HEADER_SIZES
        and len(content) >= content[0]
        and content[8:12] == b".FIT"
    )


def _timestamp(value: int | dt.datetime) -> int:
    """Turn a unix time stamp or an aware date-time into whole unix seconds."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            msg = "start_time must be time-zone aware"
            raise ValueError(msg)
        return int(value.timestamp())
    return value


def _check_type(name: str, value: object, kind: type) -> None:
    """Raise ``TypeError`` unless ``value`` is exactly a ``kind`` (no bool for int)."""
    if type(value) is not kind:
        msg = f"FitFilePing.{name} must be {kind.__name__}, not {type(value).__name__}"
        raise TypeError(msg)
