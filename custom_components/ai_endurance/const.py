"""Constants of the AI Endurance integration."""

from typing import Final

from homeassistant.const import Platform

DOMAIN: Final = "ai_endurance"

PLATFORMS: Final = [
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.SENSOR,
]
