# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Calendar of AI Endurance: every planned workout as an all-day event.

- One event per workout, all day: start is its date, end the next day (a day
  with two workouts has two events; rest days have none).
- Summary: what a person reads at a glance, "Run · Tempo · 50 min" (a swim
  without steps is just "Swim"). Description: the structure, the targets
  (pace per km, or per mile with US customary units; power in W) and the
  stress in ESS. Both in Home Assistant's language, from the coordinator's
  views (see `presentation`).
- `uid`: the workout's id; a workout without one gets its date, activity and
  position that day (the same key the event entity matches workouts by).
- `event` (the state): today's main workout, else the next planned one. Home
  Assistant reads it several times per state write, so it is built once per
  plan and day: memoized by the views' identity (new for each poll's plan,
  language and unit system) and today's date. Keyed on the date rather than
  rebuilt by the midnight callback, it is right whoever writes the state
  first after midnight (Home Assistant's own alarm at the event's end, or the
  coordinator).
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

from .api import Workout
from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry
from .entity import AIEnduranceEntity
from .plan_diff import WorkoutKey, workout_keys
from .presentation import PlanViews, WorkoutView

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


def workout_event(view: WorkoutView, uid: str | None = None) -> CalendarEvent:
    """Return a workout as an all-day calendar event."""
    day = view.workout.date
    return CalendarEvent(
        start=day,
        end=day + timedelta(days=1),
        summary=view.summary,
        description=view.description,
        uid=uid,
    )


def workout_events(views: PlanViews, workouts: list[Workout]) -> list[CalendarEvent]:
    """Return the events of whole days of workouts, with their uids."""
    return [
        workout_event(views.workout(workout), workout_uid(key))
        for key, workout in workout_keys(workouts).items()
    ]


def events_between(
    views: PlanViews, start: datetime, end: datetime
) -> list[CalendarEvent]:
    """Return the events that overlap [start, end), in date order."""
    candidates = views.plan.between(
        dt_util.as_local(start).date(), dt_util.as_local(end).date()
    )
    return [
        event
        for event in workout_events(views, candidates)
        if event.start_datetime_local < end and event.end_datetime_local > start
    ]


def current_event(views: PlanViews, today: date) -> CalendarEvent | None:
    """Return today's main workout, else the next one; None when none is left."""
    day = views.day(today)
    if (view := day.main or day.next) is None:
        return None
    uid = next(
        workout_uid(key)
        for key, candidate in workout_keys(views.plan.on(view.workout.date)).items()
        if candidate == view.workout
    )
    return workout_event(view, uid)


class AIEnduranceCalendar(AIEnduranceEntity, CalendarEntity):
    """The planned workouts of an AI Endurance account."""

    def __init__(self, coordinator: AIEnduranceCoordinator) -> None:
        """Set up the calendar."""
        super().__init__(coordinator, WORKOUTS_CALENDAR)
        self._event: CalendarEvent | None = None
        self._event_of: tuple[PlanViews, date] | None = None

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return today's main workout, else the next one; None when none is left.

        Built again only when the views (by identity) or today's date changed.
        """
        views = self.coordinator.views
        today = self.coordinator.today
        built_for = self._event_of
        if built_for is None or built_for[0] is not views or built_for[1] != today:
            self._event = current_event(views, today)
            self._event_of = (views, today)
        return self._event

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the workouts that overlap the range, from the plan held."""
        return events_between(self.coordinator.views, start_date, end_date)
