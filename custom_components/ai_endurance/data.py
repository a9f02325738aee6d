# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Runtime data of a config entry, and the typed config entry."""

from dataclasses import dataclass

from homeassistant.config_entries import ConfigEntry

from .api.client import AIEnduranceClient
from .coordinator import AIEnduranceCoordinator
from .outbox import FitOutbox
from .runner import WorkoutRunner


@dataclass
class AIEnduranceData:
    """What a loaded entry holds: the API client, the plan's coordinator, the outbox.

    And the workout runner of the account.
    """

    client: AIEnduranceClient
    coordinator: AIEnduranceCoordinator
    outbox: FitOutbox
    runner: WorkoutRunner


type AIEnduranceConfigEntry = ConfigEntry[AIEnduranceData]
