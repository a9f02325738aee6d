# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Image entity of AI Endurance: today's workout as a picture (PNG).

The picture (see `workout_picture`) shows today's main workout, or the rest
day and the next workout. What it shows is today's `DayView`: the date, the
day's workouts, the next workout on a rest day, in Home Assistant's language
and unit system. Only when that view changes does `image_last_updated` move
and the picture get rendered again (on the next request, in the executor,
then cached): a poll that brings the same day's workout back changes
nothing, the midnight roll-over and a new language do.
"""

import asyncio
from typing import override

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .presentation import DayView
from .workout_picture import render_day_png

PARALLEL_UPDATES = 0

CONTENT_TYPE = "image/png"

WORKOUT_PICTURE = ImageEntityDescription(
    key="workout_picture", translation_key="workout_picture"
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the picture of today's workout of an account."""
    async_add_entities([AIEnduranceWorkoutImage(hass, entry.runtime_data.coordinator)])


class AIEnduranceWorkoutImage(AIEnduranceEntity, ImageEntity):
    """Today's workout, drawn: intensity against time, coloured by zone."""

    _attr_content_type = CONTENT_TYPE

    def __init__(
        self, hass: HomeAssistant, coordinator: AIEnduranceCoordinator
    ) -> None:
        """Set up the picture of the current day."""
        AIEnduranceEntity.__init__(self, coordinator, WORKOUT_PICTURE)
        ImageEntity.__init__(self, hass)
        self._view = self._today()
        self._image: bytes | None = None
        self._rendering = asyncio.Lock()
        self._attr_image_last_updated = dt_util.utcnow()

    def _today(self) -> DayView:
        """Return what the picture shows: today's view."""
        return self.coordinator.day_view(self.coordinator.today)

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Move `image_last_updated` only when the picture changes."""
        if (view := self._today()) != self._view:
            self._view = view
            self._image = None
            self._attr_image_last_updated = dt_util.utcnow()
        super()._handle_coordinator_update()

    @override
    async def async_image(self) -> bytes | None:
        """Return the picture, rendered once per change (requests at once wait)."""
        async with self._rendering:
            if self._image is None:
                view = self._view
                image = await self.hass.async_add_executor_job(render_day_png, view)
                if view is not self._view:  # changed while rendering: not cached
                    return image
                self._image = image
            return self._image
