# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Sensors of AI Endurance: today's workout, tomorrow's, the next one, this week.

Rules:
- "Today" is Home Assistant's local date (see the coordinator).
- A day without workouts is a rest day: the type and activity sensors read
  ``rest_day``, duration and stress read 0, the targets are unknown.
- A day with several workouts: the sensors show the main one
  (``WorkoutPlan.main_on``: highest stress, then longest, then first listed);
  the workout sensor lists all of them in its ``workouts`` attribute.
- A value the plan does not give (a swim without steps has no duration) is
  ``None``, shown as unknown; nothing here raises on missing data.
- Targets: a sensor's device class cannot change from day to day, so pace
  targets (m/s, device class speed, with the pace per km and per mile as
  attributes) and power targets (W, device class power) are separate sensors;
  the kind that does not apply today is unknown. "Low" and "high" are the
  bounds of the main set (the "on" part of intervals); endurance workouts
  usually give only the upper bound, so the "low" sensors are disabled by
  default.
- The week is the ISO week, Monday to Sunday, in Home Assistant's zone; its
  sensors add up all of its workouts.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfPower, UnitOfSpeed, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .api.models import (
    Target,
    TargetKind,
    Workout,
    WorkoutPlan,
    format_pace,
    is_cycling,
)
from .coordinator import AIEnduranceCoordinator, week_of
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .outbox import FitOutbox

PARALLEL_UPDATES = 0

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

type ValueFn = Callable[[WorkoutPlan, date], StateType | date]
type AttributesFn = Callable[[WorkoutPlan, date], dict[str, Any]]


def workout_type_state(workout: Workout | None) -> str:
    """Return the type sensor's state of a day's main workout (None: rest day)."""
    if workout is None:
        return REST_DAY
    known = workout.known_type
    return OTHER if known is None else known.value.lower()


def activity_state(workout: Workout | None) -> str:
    """Return the activity sensor's state of a day's main workout (None: rest day)."""
    if workout is None:
        return REST_DAY
    # Without steps (swims) the API may name the sport only in the title.
    activity = (workout.activity or workout.title or "").lower()
    if is_cycling(activity):
        return "ride"
    if "swim" in activity:
        return "swim"
    if "run" in activity:
        return "run"
    return OTHER


def _main_value(
    get: Callable[[Workout], float | None], *, rest: float | None = 0
) -> ValueFn:
    """Return a value of today's main workout; ``rest`` on a rest day."""

    def value(plan: WorkoutPlan, today: date) -> float | None:
        workout = plan.main_on(today)
        return rest if workout is None else get(workout)

    return value


def _target(plan: WorkoutPlan, today: date, kind: TargetKind) -> Target | None:
    """Return today's main target when it is of ``kind``."""
    if (workout := plan.main_on(today)) is None:
        return None
    target = workout.main_target
    return target if target is not None and target.kind is kind else None


def _target_bound(kind: TargetKind, bound: str) -> ValueFn:
    def value(plan: WorkoutPlan, today: date) -> float | None:
        target = _target(plan, today, kind)
        return None if target is None else getattr(target, bound)

    return value


def _pace_attributes(bound: str) -> AttributesFn:
    def attributes(plan: WorkoutPlan, today: date) -> dict[str, Any]:
        target = _target(plan, today, TargetKind.PACE)
        mps = None if target is None else getattr(target, bound)
        return {
            "pace_per_km": format_pace(mps, "km"),
            "pace_per_mile": format_pace(mps, "mi"),
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


def _bounds(prefix: str, target: Target | None) -> dict[str, float | None]:
    return {
        f"{prefix}_target_low": None if target is None else target.low,
        f"{prefix}_target_high": None if target is None else target.high,
    }


def _structure(workout: Workout) -> dict[str, Any]:
    """Return the interval structure of a workout (empty when not intervals)."""
    steps = workout.steps
    if steps is None or not workout.is_interval:
        return {}
    target = steps.main_target or steps.warmup_target or steps.cooldown_target
    return {
        "repeats": steps.repeats,
        "warmup_duration": steps.duration_warmup,
        **_bounds("warmup", steps.warmup_target),
        "on_duration": steps.duration_on,
        **_bounds("on", steps.main_target),
        "off_duration": steps.duration_off,
        **_bounds("off", steps.off_target),
        "extra_endurance_duration": steps.duration_add_endurance,
        **_bounds("extra_endurance", steps.add_endurance_target),
        "cooldown_duration": steps.duration_cooldown,
        **_bounds("cooldown", steps.cooldown_target),
        "target_unit": None
        if target is None
        else (
            UnitOfSpeed.METERS_PER_SECOND
            if target.kind is TargetKind.PACE
            else UnitOfPower.WATT
        ),
    }


def _day_attributes(offset: int, *, structure: bool) -> AttributesFn:
    """Return the attributes of a day's workout sensor."""

    def attributes(plan: WorkoutPlan, today: date) -> dict[str, Any]:
        day = today + timedelta(days=offset)
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


def _next_workout(plan: WorkoutPlan, today: date) -> date | None:
    workout = plan.next_after(today)
    return None if workout is None else workout.date


def _next_attributes(plan: WorkoutPlan, today: date) -> dict[str, Any]:
    workout = plan.next_after(today)
    if workout is None:
        return {"workout_type": None, "title": None, "activity": None}
    summary = _summary(workout)
    return {key: summary[key] for key in ("workout_type", "title", "activity")} | {
        "duration": workout.duration,
        "stress": workout.stress,
    }


def _week_total(get: Callable[[Workout], float | None]) -> ValueFn:
    def value(plan: WorkoutPlan, today: date) -> float:
        return sum(get(workout) or 0 for workout in plan.between(*week_of(today)))

    return value


def _week_attributes(plan: WorkoutPlan, today: date) -> dict[str, Any]:
    monday, sunday = week_of(today)
    return {
        "week_start": monday.isoformat(),
        "week_end": sunday.isoformat(),
        "workout_count": len(plan.between(monday, sunday)),
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


SENSORS: Final[tuple[AIEnduranceSensorEntityDescription, ...]] = (
    AIEnduranceSensorEntityDescription(
        key="workout_today",
        translation_key="workout_today",
        device_class=SensorDeviceClass.ENUM,
        options=WORKOUT_TYPE_OPTIONS,
        value_fn=lambda plan, today: workout_type_state(plan.main_on(today)),
        attributes_fn=_day_attributes(0, structure=True),
    ),
    AIEnduranceSensorEntityDescription(
        key="activity_today",
        translation_key="activity_today",
        device_class=SensorDeviceClass.ENUM,
        options=ACTIVITY_OPTIONS,
        value_fn=lambda plan, today: activity_state(plan.main_on(today)),
    ),
    AIEnduranceSensorEntityDescription(
        key="duration_today",
        translation_key="duration_today",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.MINUTES,
        suggested_display_precision=0,
        value_fn=_main_value(_duration),
    ),
    AIEnduranceSensorEntityDescription(
        key="stress_today",
        translation_key="stress_today",
        native_unit_of_measurement=STRESS_UNIT,
        suggested_display_precision=0,
        value_fn=_main_value(_stress),
    ),
    AIEnduranceSensorEntityDescription(
        key="pace_target_low_today",
        translation_key="pace_target_low_today",
        device_class=SensorDeviceClass.SPEED,
        native_unit_of_measurement=UnitOfSpeed.METERS_PER_SECOND,
        suggested_display_precision=2,
        entity_registry_enabled_default=False,
        value_fn=_target_bound(TargetKind.PACE, "low"),
        attributes_fn=_pace_attributes("low"),
    ),
    AIEnduranceSensorEntityDescription(
        key="pace_target_high_today",
        translation_key="pace_target_high_today",
        device_class=SensorDeviceClass.SPEED,
        native_unit_of_measurement=UnitOfSpeed.METERS_PER_SECOND,
        suggested_display_precision=2,
        value_fn=_target_bound(TargetKind.PACE, "high"),
        attributes_fn=_pace_attributes("high"),
    ),
    AIEnduranceSensorEntityDescription(
        key="power_target_low_today",
        translation_key="power_target_low_today",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        entity_registry_enabled_default=False,
        value_fn=_target_bound(TargetKind.POWER, "low"),
    ),
    AIEnduranceSensorEntityDescription(
        key="power_target_high_today",
        translation_key="power_target_high_today",
        device_class=SensorDeviceClass.POWER,
        native_unit_of_measurement=UnitOfPower.WATT,
        suggested_display_precision=0,
        value_fn=_target_bound(TargetKind.POWER, "high"),
    ),
    AIEnduranceSensorEntityDescription(
        key="workout_tomorrow",
        translation_key="workout_tomorrow",
        device_class=SensorDeviceClass.ENUM,
        options=WORKOUT_TYPE_OPTIONS,
        value_fn=lambda plan, today: workout_type_state(
            plan.main_on(today + timedelta(days=1))
        ),
        attributes_fn=_day_attributes(1, structure=False),
    ),
    AIEnduranceSensorEntityDescription(
        key="next_workout",
        translation_key="next_workout",
        device_class=SensorDeviceClass.DATE,
        value_fn=_next_workout,
        attributes_fn=_next_attributes,
    ),
    AIEnduranceSensorEntityDescription(
        key="duration_this_week",
        translation_key="duration_this_week",
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        suggested_unit_of_measurement=UnitOfTime.HOURS,
        suggested_display_precision=1,
        value_fn=_week_total(_duration),
        attributes_fn=_week_attributes,
    ),
    AIEnduranceSensorEntityDescription(
        key="stress_this_week",
        translation_key="stress_this_week",
        native_unit_of_measurement=STRESS_UNIT,
        suggested_display_precision=0,
        value_fn=_week_total(_stress),
        attributes_fn=_week_attributes,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,  # noqa: ARG001
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of an account."""
    coordinator = entry.runtime_data.coordinator
    async_add_entities(
        AIEnduranceSensor(coordinator, description) for description in SENSORS
    )
    async_add_entities(
        [AIEndurancePendingUploadsSensor(coordinator, entry.runtime_data.outbox)]
    )


class AIEnduranceSensor(AIEnduranceEntity, SensorEntity):
    """A value of the plan, read from the coordinator's data."""

    entity_description: AIEnduranceSensorEntityDescription

    @property
    def native_value(self) -> StateType | date:
        """Return the state from the plan and today's date."""
        return self.entity_description.value_fn(
            self.coordinator.data, self.coordinator.today
        )

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the attributes from the plan and today's date."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.coordinator.data, self.coordinator.today)


PENDING_UPLOADS: Final = SensorEntityDescription(
    key="pending_uploads",
    translation_key="pending_uploads",
    state_class=SensorStateClass.MEASUREMENT,
    # About the integration's own delivery, not the training plan.
    entity_category=EntityCategory.DIAGNOSTIC,
)


class AIEndurancePendingUploadsSensor(AIEnduranceEntity, SensorEntity):
    """How many FIT files wait in the outbox to be delivered (see ``outbox``).

    It reads the outbox, not the plan: it stays available when the plan
    cannot be fetched, and updates whenever the outbox changes. Attributes:
    when the next attempt is due and why the last one failed (None when
    nothing waits for a retry).
    """

    entity_description: SensorEntityDescription

    def __init__(self, coordinator: AIEnduranceCoordinator, outbox: FitOutbox) -> None:
        """Set up the sensor of ``outbox``."""
        super().__init__(coordinator, PENDING_UPLOADS)
        self._outbox = outbox

    @property
    def available(self) -> bool:
        """Return True: the count is known whether or not the plan is."""
        return True

    @property
    def native_value(self) -> int:
        """Return how many files wait."""
        return self._outbox.pending_count

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Return the retry state."""
        retry_at = self._outbox.retry_at
        reason = self._outbox.last_error
        return {
            "retry_at": None if retry_at is None else retry_at.isoformat(),
            "last_error": None if reason is None else reason.value,
        }

    async def async_added_to_hass(self) -> None:
        """Follow the outbox."""
        await super().async_added_to_hass()
        self.async_on_remove(self._outbox.async_add_listener(self.async_write_ha_state))
