# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The event entity of the workout runner: what happens during a run.

``workout_started``, ``step_started`` (the step's kind, name, repeat,
duration, zone, target bounds, unit and text, when it ends, the sport and a
sentence to announce), ``step_ending`` (the upcoming step, ``lead`` seconds
before it, with ``seconds_left``; ``step: finished`` before the end),
``workout_paused``, ``workout_resumed``, ``workout_finished`` and
``workout_stopped``. The data of each is what :mod:`.runner` sends.
"""

from typing import Any, Final, override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import callback

from .runner import RunEvent
from .runner_entity import AIEnduranceRunnerEntity

WORKOUT_RUN: Final = EventEntityDescription(
    key="workout_run",
    translation_key="workout_run",
    event_types=[event.value for event in RunEvent],
)


class AIEnduranceWorkoutRun(AIEnduranceRunnerEntity, EventEntity):
    """Fires the events of the account's workout runs."""

    @override
    async def async_added_to_hass(self) -> None:
        """Listen to the runner (events kept since setup arrive now)."""
        await super().async_added_to_hass()
        self.async_on_remove(self.runner.async_add_event_listener(self._fire))

    @callback
    def _fire(self, event_type: str, data: dict[str, Any]) -> None:
        self._trigger_event(event_type, data)
        self.async_write_ha_state()
