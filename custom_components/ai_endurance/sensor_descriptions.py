# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What each plan sensor shows: its state and attributes from the plan's views.

Rules:
- "Today" is Home Assistant's local date (see the coordinator).
- A day without workouts is a rest day: the type and activity sensors read
  ``rest_day``, duration and stress read 0, the targets are unknown.
- A day with several workouts: the sensors show the main one
  (``WorkoutPlan.main_on``: highest stress, then longest, then first listed);
  the workout sensor lists all of them in its ``workouts`` attribute.
- A value the plan does not give (a swim without steps has no duration) is
  ``None``, shown as unknown; nothing here raises on missing data.
- Targets: "Target today" is the main set's range as an athlete reads it
  ("4:01-4:17 /km", "250-265 W"), in Home Assistant's language and units. For
  automations the bounds are also numbers; a sensor's device class cannot
  change from day to day, so pace bounds (m/s, device class speed: Home
  Assistant converts them to km/h or mph) and power bounds (W) are separate
  sensors, the kind that does not apply today unknown. "Low" and "high" are
  the bounds of the main set (the "on" part of intervals); endurance workouts
  usually give only the upper bound, so the "low" sensors are disabled by
  default.
- The week is the ISO week, Monday to Sunday, in Home Assistant's zone; its
  sensors add up all of its workouts.
- The recorder keeps the small attributes only: the list of workouts and the
  interval structure are in the state for automations, not in the history.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from homeassistant.components.sensor import SensorDeviceClass, SensorEntityDescription
from homeassistant.const import UnitOfPower, UnitOfSpeed, UnitOfTime
from homeassistant.helpers.typing import StateType

from .api import Target, TargetKind, Workout
from .coordinator import week_of
from .presentation import PlanViews, format_pace

STRESS_UNIT: Final = "ESS"
"""External stress score: 100 ESS is one hour at threshold intensity."""

REST_DAY: Final = "rest_day"
OTHER: Final = "other"
WORKOUT_TYPE_OPTIONS: Final = [
    "endurance",
    "tempo",
    "threshold",
    "vo2max",
    "anaerobic",
    REST_DAY,
    OTHER,
]
ACTIVITY_OPTIONS: Final = ["run", "ride", "swim", OTHER, REST_DAY]

STRUCTURE_PARTS: Final = (
    # attribute prefix, duration field of steps, target property of steps
    ("warmup", "duration_warmup", "warmup_target"),
    ("on", "duration_on", "main_target"),
    ("off", "duration_off", "off_target"),
    ("extra_endurance", "duration_add_endurance", "add_endurance_target"),
    ("cooldown", "duration_cooldown", "cooldown_target"),
)
UNRECORDED_ATTRIBUTES: Final = frozenset(
    {
        "workouts",
        "repeats",
        "target_unit",
        *(
            f"{prefix}_{name}"
            for prefix, _, _ in STRUCTURE_PARTS
            for name in ("duration", "target_low", "target_high")
        ),
    }
)
"""Attributes the recorder leaves out: bulky, and in the calendar's history."""

type ValueFn = Callable[[PlanViews, date], StateType | date]
type AttributesFn = Callable[[PlanViews, date], dict[str, Any]]


def workout_type_state(workout: Workout | None) -> str:
    """Return the type sensor's state of a day's main workout (None: rest day)."""
    if workout is None:
        return REST_DAY
    known = workout.known_type
    return OTHER if known is None else known.value.lower()


def activity_state(workout: Workout | None) -> str:
    """Return the activity sensor's state of a day's main workout (None: rest day)."""
    return REST_DAY if workout is None else str(workout.sport)


def _main_value(
    get: Callable[[Workout], float | None], *, rest: float | None = 0
) -> ValueFn:
    """Return a value of today's main workout; ``rest`` on a rest day."""

    def value(views: PlanViews, today: date) -> float | None:
        workout = views.plan.main_on(today)
        return rest if workout is None else get(workout)

    return value


def _target_text(views: PlanViews, today: date) -> str | None:
    main = views.day(today).main
    return None if main is None else main.main_target_text


def _target(views: PlanViews, today: date, kind: TargetKind) -> Target | None:
    """Return today's main target when it is of ``kind``."""
    if (workout := views.plan.main_on(today)) is None:
        return None
    target = workout.main_target
    return target if target is not None and target.kind is kind else None


def _target_bound(kind: TargetKind, bound: str) -> ValueFn:
    def value(views: PlanViews, today: date) -> float | None:
        target = _target(views, today, kind)
        return None if target is None else getattr(target, bound)

    return value


def _pace_attributes(bound: str) -> AttributesFn:
    def attributes(views: PlanViews, today: date) -> dict[str, Any]:
        target = _target(views, today, TargetKind.PACE)
        mps = None if target is None else getattr(target, bound)
        return {
            "pace_per_km": format_pace(mps, imperial=False),
            "pace_per_mile": format_pace(mps, imperial=True),
        }

    return attributes


def _summary(workout: Workout) -> dict[str, Any]:
    """Return the short description of one workout used in attributes."""
    return {
        "title": workout.title,
        "activity": workout.activity,
        "workout_type": workout_type_state(workout),
        "duration": workout.duration,
        "stress": workout.stress,
        "long_run": workout.is_long,
    }


def _structure(workout: Workout) -> dict[str, Any]:
    """Return the interval structure of a workout (empty when not intervals)."""
    steps = workout.steps
    if steps is None or not workout.is_interval:
        return {}
    attributes: dict[str, Any] = {"repeats": steps.repeats}
    for prefix, duration, target_name in STRUCTURE_PARTS:
        target: Target | None = getattr(steps, target_name)
        attributes[f"{prefix}_duration"] = getattr(steps, duration)
        attributes[f"{prefix}_target_low"] = None if target is None else target.low
        attributes[f"{prefix}_target_high"] = None if target is None else target.high
    target = steps.main_target or steps.warmup_target or steps.cooldown_target
    attributes["target_unit"] = (
        None
        if target is None
        else (
            UnitOfSpeed.METERS_PER_SECOND
            if target.kind is TargetKind.PACE
            else UnitOfPower.WATT
        )
    )
    return attributes


def _day_attributes(offset: int, *, structure: bool) -> AttributesFn:
    """Return the attributes of a day's workout sensor."""

    def attributes(views: PlanViews, today: date) -> dict[str, Any]:
        day = today + timedelta(days=offset)
        plan = views.plan
        main = plan.main_on(day)
        attrs: dict[str, Any] = {
            "date": day.isoformat(),
            "title": None if main is None else main.title,
            "activity": None if main is None else main.activity,
            "long_run": main is not None and main.is_long,
            "workouts": [_summary(workout) for workout in plan.on(day)],
        }
        if structure and main is not None:
            attrs |= _structure(main)
        return attrs

    return attributes


def _next_workout(views: PlanViews, today: date) -> date | None:
    workout = views.plan.next_after(today)
    return None if workout is None else workout.date


def _next_attributes(views: PlanViews, today: date) -> dict[str, Any]:
    workout = views.plan.next_after(today)
    if workout is None:
        return {"workout_type": None, "title": None, "activity": None}
    summary = _summary(workout)
    return {key: summary[key] for key in ("workout_type", "title", "activity")} | {
        "duration": workout.duration,
        "stress": workout.stress,
    }


def _week_total(get: Callable[[Workout], float | None]) -> ValueFn:
    def value(views: PlanViews, today: date) -> float:
        workouts = views.plan.between(*week_of(today))
        return sum(get(workout) or 0 for workout in workouts)

    return value


def _week_attributes(views: PlanViews, today: date) -> dict[str, Any]:
    monday, sunday = week_of(today)
    return {
        "week_start": monday.isoformat(),
        "week_end": sunday.isoformat(),
        "workout_count": len(views.plan.between(monday, sunday)),
    }


def _duration(workout: Workout) -> float | None:
    return workout.duration


def _stress(workout: Workout) -> float | None:
    return workout.stress


@dataclass(frozen=True, kw_only=True)
class AIEnduranceSensorEntityDescription(SensorEntityDescription):
    """Describes an AI Endurance sensor: its state and attributes from the plan."""

    value_fn: ValueFn
    attributes_fn: AttributesFn | None = None


def _enum_sensor(
    key: str,
    options: list[str],
    value_fn: ValueFn,
    attributes_fn: AttributesFn | None = None,
) -> AIEnduranceSensorEntityDescription:
    """Describe a sensor whose states are ``options`` (translated)."""
    return AIEnduranceSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.ENUM,
        options=options,
        value_fn=value_fn,
        attributes_fn=attributes_fn,
    )


def _workout_type_sensor(
    key: str, offset: int, *, structure: bool
) -> AIEnduranceSensorEntityDescription:
    """Describe the type of a day's main workout (``offset`` days from today)."""
    return _enum_sensor(
        key,
        WORKOUT_TYPE_OPTIONS,
        lambda views, today: workout_type_state(
            views.plan.main_on(today + timedelta(days=offset))
        ),
        _day_attributes(offset, structure=structure),
    )


def _duration_sensor(
    key: str,
    value_fn: ValueFn,
    shown_in: UnitOfTime,
    attributes_fn: AttributesFn | None,
) -> AIEnduranceSensorEntityDescription:
    """Describe a planned duration: seconds, shown in minutes or hours."""
    return AIEnduranceSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=shown_in,
        suggested_display_precision=0 if shown_in is UnitOfTime.MINUTES else 1,
        value_fn=value_fn,
        attributes_fn=attributes_fn,
    )


def _stress_sensor(
    key: str, value_fn: ValueFn, attributes_fn: AttributesFn | None
) -> AIEnduranceSensorEntityDescription:
    """Describe a planned stress in ESS."""
    return AIEnduranceSensorEntityDescription(
        key=key,
        translation_key=key,
        native_unit_of_measurement=STRESS_UNIT,
        suggested_display_precision=0,
        value_fn=value_fn,
        attributes_fn=attributes_fn,
    )


def _target_bound_sensor(
    kind: TargetKind, bound: str
) -> AIEnduranceSensorEntityDescription:
    """Describe a bound of today's main target as a number (m/s or W).

    Endurance workouts usually give only the upper bound: the "low" sensors
    are disabled by default.
    """
    key = f"{kind}_target_{bound}_today"
    pace = kind is TargetKind.PACE
    return AIEnduranceSensorEntityDescription(
        key=key,
        translation_key=key,
        device_class=SensorDeviceClass.SPEED if pace else SensorDeviceClass.POWER,
        native_unit_of_measurement=(
            UnitOfSpeed.METERS_PER_SECOND if pace else UnitOfPower.WATT
        ),
        suggested_display_precision=2 if pace else 0,
        entity_registry_enabled_default=bound == "high",
        value_fn=_target_bound(kind, bound),
        attributes_fn=_pace_attributes(bound) if pace else None,
    )


SENSORS: Final[tuple[AIEnduranceSensorEntityDescription, ...]] = (
    AIEnduranceSensorEntityDescription(
        key="target_today",
        translation_key="target_today",
        value_fn=_target_text,
    ),
    _workout_type_sensor("workout_today", 0, structure=True),
    _enum_sensor(
        "activity_today",
        ACTIVITY_OPTIONS,
        lambda views, today: activity_state(views.plan.main_on(today)),
    ),
    _duration_sensor(
        "duration_today", _main_value(_duration), UnitOfTime.MINUTES, None
    ),
    _stress_sensor("stress_today", _main_value(_stress), None),
    *(
        _target_bound_sensor(kind, bound)
        for kind in (TargetKind.PACE, TargetKind.POWER)
        for bound in ("low", "high")
    ),
    _workout_type_sensor("workout_tomorrow", 1, structure=False),
    AIEnduranceSensorEntityDescription(
        key="next_workout",
        translation_key="next_workout",
        device_class=SensorDeviceClass.DATE,
        value_fn=_next_workout,
        attributes_fn=_next_attributes,
    ),
    _duration_sensor(
        "duration_this_week",
        _week_total(_duration),
        UnitOfTime.HOURS,
        _week_attributes,
    ),
    _stress_sensor("stress_this_week", _week_total(_stress), _week_attributes),
)
