# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Runtime data of a config entry, and the typed config entry."""

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .api.client import AIEnduranceClient
from .coordinator import AIEnduranceCoordinator
from .outbox import FitOutbox


@dataclass
class AIEnduranceData:
    """What a loaded entry holds: the API client, the plan's coordinator, the outbox."""

    client: AIEnduranceClient
    coordinator: AIEnduranceCoordinator
    outbox: FitOutbox


type AIEnduranceConfigEntry = ConfigEntry[AIEnduranceData]
