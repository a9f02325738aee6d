# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Image entity of AI Endurance: today's workout as a picture (SVG).

The picture (see `workout_image`) shows today's main workout, or the rest
day and the next workout. What it shows is fixed by today's date, today's
workouts, the next workout on a rest day and the pace unit (per mile with US
customary units, else per km). Only when that changes does
`image_last_updated` move and the bytes get rendered again (lazily, on the
next request, then cached): a poll that brings the same day's workout back
changes nothing, the midnight roll-over does.

Rendering builds a few kilobytes of text in well under a millisecond, so it
runs in the event loop.
"""

from datetime import date
from typing import override

from homeassistant.components.image import ImageEntity, ImageEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM

from .api.models import PaceUnit, Workout
from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .workout_image import render_day

PARALLEL_UPDATES = 0

CONTENT_TYPE = "image/svg+xml"

WORKOUT_PICTURE = ImageEntityDescription(
    key="workout_picture", translation_key="workout_picture"
)

type PictureKey = tuple[date, tuple[Workout, ...], Workout | None, PaceUnit]


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
        self._key = self._picture_key(hass)
        self._image: bytes | None = None
        self._attr_image_last_updated = dt_util.utcnow()

    def _picture_key(self, hass: HomeAssistant) -> PictureKey:
        """Return what the picture depends on."""
        plan = self.coordinator.data
        today = self.coordinator.today
        workouts = plan.on(today)
        if main := plan.main_on(today):
            workouts.remove(main)
            workouts.insert(0, main)
        unit: PaceUnit = "mi" if hass.config.units is US_CUSTOMARY_SYSTEM else "km"
        next_workout = None if workouts else plan.next_after(today)
        return (today, tuple(workouts), next_workout, unit)

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Move `image_last_updated` only when the picture changes."""
        if (key := self._picture_key(self.hass)) != self._key:
            self._key = key
            self._image = None
            self._attr_image_last_updated = dt_util.utcnow()
        super()._handle_coordinator_update()

    @override
    async def async_image(self) -> bytes | None:
        """Return the picture, rendered once per change."""
        if self._image is None:
            today, workouts, next_workout, unit = self._key
            self._image = render_day(today, workouts, next_workout, unit).encode()
        return self._image
