# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Event entity of AI Endurance: a workout was added, changed or removed.

After each plan the coordinator delivers, the entity compares it with the
previous one (see `plan_diff` for the rules) and fires one event per workout
that appeared, changed or disappeared, today or later, in date order. Its
data: `date`, `activity`, `type`, `duration` (minutes), `stress` (ESS),
`title`, `summary` (as in the calendar), `workout_id`; changed workouts add
`changes` (the fields that differ), `previous_date` and `previous_summary`.

No events on the first plan: the plan the entity sees when it is added
(Home Assistant start, entry reload) is its baseline, so a restart never
reports the whole plan as new. Changes made while Home Assistant was not
running are therefore not reported. The midnight roll-over delivers the same
plan and fires nothing; workouts that slide into the past fire nothing.
"""

from typing import override

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .api import WorkoutPlan
from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .plan_diff import ChangeType, diff_plans, event_attributes
from .runner_event import WORKOUT_RUN, AIEnduranceWorkoutRun

PARALLEL_UPDATES = 0

WORKOUT_UPDATES = EventEntityDescription(
    key="workout_updates",
    translation_key="workout_updates",
    event_types=[change_type.value for change_type in ChangeType],
)


async def async_setup_entry(
    hass: HomeAssistant,  # noqa: ARG001
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the workout updates and workout run event entities of an account."""
    async_add_entities(
        [
            AIEnduranceWorkoutUpdates(entry.runtime_data.coordinator),
            AIEnduranceWorkoutRun(entry.runtime_data.runner, WORKOUT_RUN),
        ]
    )


class AIEnduranceWorkoutUpdates(AIEnduranceEntity, EventEntity):
    """Fires when a workout of the plan is added, changed or removed."""

    def __init__(self, coordinator: AIEnduranceCoordinator) -> None:
        """Set up the event entity; the plan held now is the baseline."""
        super().__init__(coordinator, WORKOUT_UPDATES)
        self._plan: WorkoutPlan = coordinator.data

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Fire one event per change since the previous plan."""
        plan = self.coordinator.data
        if plan != self._plan:
            views = self.coordinator.views
            for change in diff_plans(self._plan, plan, self.coordinator.today):
                data = event_attributes(change, lambda w: views.workout(w).summary)
                # A plain str, so templates read "workout_added", not an enum.
                self._trigger_event(change.type.value, data)
                self.async_write_ha_state()
        self._plan = plan
        super()._handle_coordinator_update()
