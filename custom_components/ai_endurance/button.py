# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Buttons of the workout runner: start, pause, resume and stop today's workout.

Start plays today's main workout from its beginning with the default
heads-up (the ``ai_endurance.start_workout`` action chooses another workout,
an offset or a lead). A press the run cannot follow (start on a rest day,
pause with nothing running...) shows the same translated error as the action.
"""

from homeassistant.components.button import ButtonEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import AIEnduranceConfigEntry
from .runner_button import BUTTONS, RunnerButtonEntityDescription
from .runner_entity import AIEnduranceRunnerEntity

PARALLEL_UPDATES = 0


class AIEnduranceRunnerButton(AIEnduranceRunnerEntity, ButtonEntity):
    """A button that starts, pauses, resumes or stops the run."""

    entity_description: RunnerButtonEntityDescription

    async def async_press(self) -> None:
        """Ask the runner; a refusal raises its translated error."""
        await self.entity_description.press_fn(self.runner)


async def async_setup_entry(
    hass: HomeAssistant,  # noqa: ARG001
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the runner's buttons of an account."""
    runner = entry.runtime_data.runner
    async_add_entities(AIEnduranceRunnerButton(runner, button) for button in BUTTONS)
