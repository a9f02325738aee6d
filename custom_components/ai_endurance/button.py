# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Buttons of the workout runner: start, pause, resume and stop today's workout.

Start plays today's main workout from its beginning with the default
heads-up (the ``ai_endurance.start_workout`` action chooses another workout,
an offset or a lead). A press the run cannot follow (start on a rest day,
pause with nothing running...) shows the same translated error as the action.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import AIEnduranceConfigEntry
from .runner import WorkoutRunner
from .runner_entity import AIEnduranceRunnerEntity

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class RunnerButtonEntityDescription(ButtonEntityDescription):
    """A runner button: what pressing it asks the runner."""

    press_fn: Callable[[WorkoutRunner], Awaitable[None]]


BUTTONS: Final = (
    RunnerButtonEntityDescription(
        key="start_workout",
        translation_key="start_workout",
        press_fn=lambda runner: runner.async_start(),
    ),
    RunnerButtonEntityDescription(
        key="pause_workout",
        translation_key="pause_workout",
        press_fn=lambda runner: runner.async_pause(),
    ),
    RunnerButtonEntityDescription(
        key="resume_workout",
        translation_key="resume_workout",
        press_fn=lambda runner: runner.async_resume(),
    ),
    RunnerButtonEntityDescription(
        key="stop_workout",
        translation_key="stop_workout",
        press_fn=lambda runner: runner.async_stop(),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,  # noqa: ARG001
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the runner's buttons of an account."""
    runner = entry.runtime_data.runner
    async_add_entities(AIEnduranceRunnerButton(runner, button) for button in BUTTONS)


class AIEnduranceRunnerButton(AIEnduranceRunnerEntity, ButtonEntity):
    """A button that starts, pauses, resumes or stops the run."""

    entity_description: RunnerButtonEntityDescription

    async def async_press(self) -> None:
        """Ask the runner; a refusal raises its translated error."""
        await self.entity_description.press_fn(self.runner)
