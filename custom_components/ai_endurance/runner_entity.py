# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Base entity of the workout runner, on the account's device.

A run plays a copy of the workout, so its entities stay available while AI
Endurance cannot be reached: they follow the runner, not the coordinator's
last fetch.
"""

from typing import override

from homeassistant.helpers.entity import EntityDescription

from .entity import AIEnduranceEntity
from .runner import WorkoutRunner


class AIEnduranceRunnerEntity(AIEnduranceEntity):
    """An entity of an account's workout runner."""

    def __init__(self, runner: WorkoutRunner, description: EntityDescription) -> None:
        """Set up the entity of ``description`` for ``runner``."""
        super().__init__(runner.coordinator, description)
        self.runner = runner

    @property
    @override
    def available(self) -> bool:
        """Always: the runner does not need AI Endurance while it plays."""
        return True


class AIEnduranceRunnerStateEntity(AIEnduranceRunnerEntity):
    """A runner entity whose state follows the run (written at each change)."""

    @override
    async def async_added_to_hass(self) -> None:
        """Write the state after each change of the run."""
        await super().async_added_to_hass()
        self.async_on_remove(self.runner.async_add_listener(self.async_write_ha_state))
