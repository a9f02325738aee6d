# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Base entity of AI Endurance: one service device per account."""

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, MANUFACTURER
from .coordinator import AIEnduranceCoordinator


class AIEnduranceEntity(CoordinatorEntity[AIEnduranceCoordinator]):
    """An entity of one AI Endurance account.

    The device and the unique ids are keyed by the entry's unique id (the
    account id) or, for an entry without one, by the entry id. The device is
    named after the entry ("AI Endurance", a further account "AI Endurance
    <account id>", see ``config_flow.entry_title``), so entity ids read
    ``sensor.ai_endurance_workout_today`` and ``sensor.ai_endurance_<id>_...``.
    """

    _attr_has_entity_name = True

    def __init__(
        self, coordinator: AIEnduranceCoordinator, description: EntityDescription
    ) -> None:
        """Set up the entity of ``description``."""
        super().__init__(coordinator)
        self.entity_description = description
        entry = coordinator.config_entry
        account_key = entry.unique_id or entry.entry_id
        self._attr_unique_id = f"{account_key}_{description.key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, account_key)},
            entry_type=DeviceEntryType.SERVICE,
            manufacturer=MANUFACTURER,
            name=entry.title,
            configuration_url="https://aiendurance.com",
        )
