# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The "Last synced" sensor: when the plan was last fetched and read.

A dashboard showing a plan hours old shows it for what it is. The sensor
stays available while AI Endurance cannot be reached (that is when it
matters) and moves at every successful poll, also when the plan did not
change (the coordinator's other listeners hear only of changes).
"""

from datetime import datetime
from typing import Final

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.helpers.dispatcher import async_dispatcher_connect

from .entity import AIEnduranceEntity

LAST_SYNCED: Final = SensorEntityDescription(
    key="last_synced",
    translation_key="last_synced",
    device_class=SensorDeviceClass.TIMESTAMP,
)


class AIEnduranceLastSyncedSensor(AIEnduranceEntity, SensorEntity):
    """The time of the last successful fetch of the plan."""

    # About the integration's connection, not the training plan.
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    @property
    def available(self) -> bool:
        """Return True: the last sync is known whether or not the plan is."""
        return True

    @property
    def native_value(self) -> datetime | None:
        """Return when the plan was last fetched and read."""
        return self.coordinator.last_update_success_time

    async def async_added_to_hass(self) -> None:
        """Follow every successful poll, not only the ones that change the plan."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, self.coordinator.synced_signal, self.async_write_ha_state
            )
        )
