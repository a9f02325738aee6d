# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Sensors of the workout runner: the step, its zone, its target, when it ends.

Written at each change of the run only: the frontend counts the timestamps
down by itself. Nothing runs: the step is ``idle`` (``finished`` once a run
reached its end), the zone 0, the rest unknown. While paused the step, zone
and target stay, the timestamps are unknown (the clock stands) and the step
sensor tells the seconds left.

The numeric targets are in the step's native unit, W or m/s: a unit that
changes with the workout, so they have no device or state class (and no
long-term statistics).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Any, Final

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.helpers.typing import StateType
from homeassistant.util import dt as dt_util

from .runner import WorkoutRunner
from .runner_entity import AIEnduranceRunnerStateEntity
from .runner_plan import FINISHED, IDLE, STEP_STATES, RunStep


@dataclass(frozen=True, kw_only=True)
class RunnerSensorEntityDescription(SensorEntityDescription):
    """A runner sensor: its value, attributes and unit read from the runner."""

    value_fn: Callable[[WorkoutRunner], StateType | datetime]
    attributes_fn: Callable[[WorkoutRunner], dict[str, Any]] | None = None
    unit_fn: Callable[[WorkoutRunner], str | None] | None = None


def _step(runner: WorkoutRunner) -> RunStep | None:
    return None if runner.run is None else runner.run.step


def step_state(runner: WorkoutRunner) -> str:
    """Return the step sensor's state."""
    if runner.run is not None:
        return runner.run.step.kind.value
    return FINISHED if runner.finished else IDLE


def step_attributes(runner: WorkoutRunner) -> dict[str, Any]:
    """Return the repeat ("2 of 4"), the next step and the pause of the run."""
    if (run := runner.run) is None:
        return dict.fromkeys(("repeat", "repeats", "repeat_text", "next_step")) | {
            "paused": False
        }
    attributes: dict[str, Any] = {
        "repeat": run.step.repeat,
        "repeats": run.step.repeats,
        "repeat_text": run.step.repeat_text,
        "next_step": run.next_step,
        "paused": run.paused,
    }
    if run.paused:
        attributes["seconds_left"] = run.seconds_left(dt_util.utcnow())
    return attributes


def target_attributes(runner: WorkoutRunner) -> dict[str, Any]:
    """Return the current target's bounds and unit."""
    step = _step(runner)
    return {
        "low": None if step is None else step.target_low,
        "high": None if step is None else step.target_high,
        "unit": None if step is None else step.target_unit,
    }


def _unit(runner: WorkoutRunner) -> str | None:
    return None if (step := _step(runner)) is None else step.target_unit


def _step_field(name: str) -> Callable[[WorkoutRunner], Any]:
    """Read a field of the current step; ``None`` when nothing runs."""
    read = attrgetter(name)
    return lambda runner: None if (step := _step(runner)) is None else read(step)


def _ends(runner: WorkoutRunner, *, workout: bool) -> datetime | None:
    if (run := runner.run) is None:
        return None
    return run.workout_ends if workout else run.step_ends


RUNNER_SENSORS: Final = (
    RunnerSensorEntityDescription(
        key="workout_step",
        translation_key="workout_step",
        device_class=SensorDeviceClass.ENUM,
        options=STEP_STATES,
        value_fn=step_state,
        attributes_fn=step_attributes,
    ),
    RunnerSensorEntityDescription(
        key="workout_zone",
        translation_key="workout_zone",
        value_fn=lambda runner: 0 if (step := _step(runner)) is None else step.zone,
    ),
    RunnerSensorEntityDescription(
        key="current_target",
        translation_key="current_target",
        value_fn=_step_field("target_text"),
        attributes_fn=target_attributes,
    ),
    *(
        RunnerSensorEntityDescription(
            key=f"current_target_{bound}",
            translation_key=f"current_target_{bound}",
            value_fn=_step_field(f"target_{bound}"),
            unit_fn=_unit,
        )
        for bound in ("low", "high")
    ),
    RunnerSensorEntityDescription(
        key="step_ends",
        translation_key="step_ends",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda runner: _ends(runner, workout=False),
    ),
    RunnerSensorEntityDescription(
        key="workout_ends",
        translation_key="workout_ends",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda runner: _ends(runner, workout=True),
    ),
)


class AIEnduranceRunnerSensor(AIEnduranceRunnerStateEntity, SensorEntity):
    """A value of the run going on (or of none)."""

    entity_description: RunnerSensorEntityDescription

    @property
    def native_value(self) -> StateType | datetime:
        """Return the state from the runner."""
        return self.entity_description.value_fn(self.runner)

    @property
    def native_unit_of_measurement(self) -> str | None:
        """Return the unit of the current step's target, for the numeric targets."""
        if (unit_fn := self.entity_description.unit_fn) is None:
            return None
        return unit_fn(self.runner)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the attributes from the runner."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.runner)
