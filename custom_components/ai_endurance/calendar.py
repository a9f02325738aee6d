# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Calendar of AI Endurance: every planned workout as an all-day event.

- One event per workout, all day: start is its date, end the next day (a day
  with two workouts has two events; rest days have none).
- Summary: what a person reads at a glance, "Run · Tempo · 50 min" (a swim
  without steps is just "Swim"). Description: the structure, the targets
  (pace per km and per mile, power in W) and the stress in ESS.
- `uid`: the workout's id; a workout without one gets its date, activity and
  position that day (the same key the event entity matches workouts by).
- `event` (the state): today's main workout, else the next planned one. Home
  Assistant reads it several times per state write, so it is built once per
  plan and day: memoized by the plan's identity (each poll's plan is a new
  object) and today's date. Keyed on the date rather than rebuilt by the
  midnight callback, it is right whoever writes the state first after
  midnight (Home Assistant's own alarm at the event's end, or the coordinator).
- `async_get_events` answers any range from the plan already fetched: no
  request per call, so calendar cards and calendar triggers cost nothing.
"""

from datetime import date, datetime, timedelta
from typing import override

from homeassistant.components.calendar import (
    CalendarEntity,
    CalendarEntityDescription,
    CalendarEvent,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .api.models import Workout, WorkoutPlan
from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .plan_diff import WorkoutKey, workout_keys
from .workout_text import workout_description, workout_summary

PARALLEL_UPDATES = 0

WORKOUTS_CALENDAR = CalendarEntityDescription(
    key="workouts", translation_key="workouts"
)


async def async_setup_entry(
    hass: HomeAssistant,  # noqa: ARG001
    entry: AIEnduranceConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the workout calendar of an account."""
    async_add_entities([AIEnduranceCalendar(entry.runtime_data.coordinator)])


def workout_uid(key: WorkoutKey) -> str:
    """Return an event's uid from a workout's matching key.

    The workout's id ("8123"); without one "2025-10-14-Run-0".
    """
    return "-".join(key[1:])


def workout_event(workout: Workout, uid: str | None = None) -> CalendarEvent:
    """Return a workout as an all-day calendar event."""
    return CalendarEvent(
        start=workout.date,
        end=workout.date + timedelta(days=1),
        summary=workout_summary(workout),
        description=workout_description(workout),
        uid=uid,
    )


def workout_events(workouts: list[Workout]) -> list[CalendarEvent]:
    """Return the events of whole days of workouts, with their uids."""
    return [
        workout_event(workout, workout_uid(key))
        for key, workout in workout_keys(workouts).items()
    ]


def events_between(
    plan: WorkoutPlan, start: datetime, end: datetime
) -> list[CalendarEvent]:
    """Return the events that overlap [start, end), in date order."""
    candidates = plan.between(
        dt_util.as_local(start).date(), dt_util.as_local(end).date()
    )
    return [
        event
        for event in workout_events(candidates)
        if event.start_datetime_local < end and event.end_datetime_local > start
    ]


def current_event(plan: WorkoutPlan, today: date) -> CalendarEvent | None:
    """Return today's main workout, else the next one; None when none is left."""
    if (workout := plan.main_on(today)) is None:
        workout = plan.next_after(today)
    if workout is None:
        return None
    uid = next(
        workout_uid(key)
        for key, candidate in workout_keys(plan.on(workout.date)).items()
        if candidate is workout
    )
    return workout_event(workout, uid)


class AIEnduranceCalendar(AIEnduranceEntity, CalendarEntity):
    """The planned workouts of an AI Endurance account."""

    def __init__(self, coordinator: AIEnduranceCoordinator) -> None:
        """Set up the calendar."""
        super().__init__(coordinator, WORKOUTS_CALENDAR)
        self._event: CalendarEvent | None = None
        self._event_of: tuple[WorkoutPlan, date] | None = None

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return today's main workout, else the next one; None when none is left.

        Built again only when the plan (by identity) or today's date changed.
        """
        plan = self.coordinator.data
        today = self.coordinator.today
        built_for = self._event_of
        if built_for is None or built_for[0] is not plan or built_for[1] != today:
            self._event = current_event(plan, today)
            self._event_of = (plan, today)
        return self._event

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the workouts that overlap the range, from the plan held."""
        return events_between(self.coordinator.data, start_date, end_date)
