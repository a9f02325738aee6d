# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Sensors of AI Endurance: today's workout, tomorrow's, the next one, this week.

The plan's sensors are described in ``sensor_descriptions`` (what each one
shows, and the rules for rest days, several workouts and targets); the
others report the integration itself: files waiting for upload, the last sync.
"""

from datetime import date
from typing import Any, Final

from homeassistant.components.sensor import (
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.typing import StateType

from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .last_synced import LAST_SYNCED, AIEnduranceLastSyncedSensor
from .outbox import FitOutbox
from .runner_sensor import RUNNER_SENSORS, AIEnduranceRunnerSensor
from .sensor_descriptions import (
    SENSORS,
    UNRECORDED_ATTRIBUTES,
    AIEnduranceSensorEntityDescription,
)

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,  # noqa: ARG001
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the sensors of an account."""
    data = entry.runtime_data
    coordinator = data.coordinator
    async_add_entities(
        AIEnduranceSensor(coordinator, description) for description in SENSORS
    )
    async_add_entities(
        [
            AIEndurancePendingUploadsSensor(coordinator, data.outbox),
            AIEnduranceLastSyncedSensor(coordinator, LAST_SYNCED),
        ]
    )
    async_add_entities(AIEnduranceRunnerSensor(data.runner, d) for d in RUNNER_SENSORS)


class AIEnduranceSensor(AIEnduranceEntity, SensorEntity):
    """A value of the plan, read from the coordinator's views of it."""

    entity_description: AIEnduranceSensorEntityDescription
    _unrecorded_attributes = UNRECORDED_ATTRIBUTES

    @property
    def native_value(self) -> StateType | date:
        """Return the state from the plan and today's date."""
        return self.entity_description.value_fn(
            self.coordinator.views, self.coordinator.today
        )

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the attributes from the plan and today's date."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.coordinator.views, self.coordinator.today)


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
