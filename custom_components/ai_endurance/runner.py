# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The workout runner of an account: plays today's workout step by step.

One :class:`WorkoutRunner` per config entry. Starting copies the workout
(:class:`.runner_plan.RunPlan`); from then on the plan the coordinator holds
no longer matters to the run.

Timing: one point-in-time callback for the next boundary and one for the
next heads-up (``lead`` seconds before it), each scheduled when the step
before begins; nothing runs in between. Callbacks compute the position from
the planned instant they were scheduled for, so lateness never accumulates.

The Store keeps the workout, the clock (start, pauses) and the lead. After a
restart or a reload the run continues where the clock says: the step now
current is announced once (``step_started``), the steps that passed meanwhile
are not; a run whose end has passed finishes (``workout_finished``). Events
that happen before the event entity listens (on setup) are kept for it.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import StrEnum
import logging
from typing import TYPE_CHECKING, Any, Final

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .runner_clock import ActiveRun, RunClock
from .runner_plan import NoStructureError, RunPlan

if TYPE_CHECKING:
    from .coordinator import AIEnduranceCoordinator

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
DEFAULT_LEAD: Final = 10
"""Seconds between the heads-up (``step_ending``) and the change it announces."""
MAX_UNDELIVERED: Final = 8
"""Events kept for an event entity not listening yet (on setup)."""


class RunEvent(StrEnum):
    """The event types of a run."""

    WORKOUT_STARTED = "workout_started"
    STEP_STARTED = "step_started"
    STEP_ENDING = "step_ending"
    WORKOUT_PAUSED = "workout_paused"
    WORKOUT_RESUMED = "workout_resumed"
    WORKOUT_FINISHED = "workout_finished"
    WORKOUT_STOPPED = "workout_stopped"


type EventListener = Callable[[str, dict[str, Any]], None]


def storage_key(entry_id: str) -> str:
    """Return the Store key of an entry's run."""
    return f"{DOMAIN}.runner.{entry_id}"


def _refused(*, translation_key: str, **placeholders: str) -> ServiceValidationError:
    """Return the translated error ``translation_key`` for a refused request."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=translation_key,
        translation_placeholders=placeholders,
    )


class WorkoutRunner:
    """Start, pause, resume and stop the run of one account; tell its entities."""

    def __init__(
        self, hass: HomeAssistant, coordinator: AIEnduranceCoordinator
    ) -> None:
        """Set up an idle runner; ``async_load`` restores a stored run."""
        self.hass = hass
        self.coordinator = coordinator
        self._store: Store[dict[str, Any]] = Store(
            hass,
            STORAGE_VERSION,
            storage_key(coordinator.config_entry.entry_id),
            private=True,  # the athlete's workout
        )
        self.run: ActiveRun | None = None
        """The run going on (running or paused), else ``None``."""
        self.finished = False
        """Whether the last run reached its end (until the next starts)."""
        self._timers: list[CALLBACK_TYPE] = []
        self._listeners: list[CALLBACK_TYPE] = []
        self._event_listeners: list[EventListener] = []
        self._undelivered: list[tuple[RunEvent, dict[str, Any]]] = []

    @callback
    def async_add_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call ``update`` after each change of the run; return the remover."""
        self._listeners.append(update)
        return lambda: self._listeners.remove(update)

    @callback
    def async_add_event_listener(self, listener: EventListener) -> CALLBACK_TYPE:
        """Send the run's events to ``listener``; return the remover.

        Events kept for want of a listener follow on the next turn of the
        loop: after the entity has written its restored state, so they read
        as new events, not as a restore.
        """
        self._event_listeners.append(listener)
        if self._undelivered:
            self.hass.loop.call_soon(self._deliver_kept)
        return lambda: self._event_listeners.remove(listener)

    # Requests

    async def async_start(
        self,
        workout_index: int = 0,
        offset: timedelta = timedelta(),
        lead: int = DEFAULT_LEAD,
    ) -> None:
        """Start today's workout ``workout_index`` (0: the main one), ``offset`` in."""
        if self.run is not None:
            raise _refused(translation_key="run_in_progress")
        plan = self._plan_of_today(workout_index)
        if offset.total_seconds() >= plan.duration:
            raise _refused(
                translation_key="run_offset_too_long",
                offset=str(round(offset.total_seconds())),
                duration=str(plan.duration),
            )
        now = dt_util.utcnow()
        self._begin(ActiveRun(plan, RunClock.start(now, offset), lead))
        self._emit(RunEvent.WORKOUT_STARTED, self._run_data(self._active))
        self._enter(now, now)

    async def async_pause(self) -> None:
        """Freeze the clock of the current step."""
        run = self._active
        if run.paused:
            raise _refused(translation_key="run_already_paused")
        now = dt_util.utcnow()
        self._cancel_timers()
        run.clock = run.clock.pause(now)
        self._changed(RunEvent.WORKOUT_PAUSED, now)

    async def async_resume(self) -> None:
        """Run the clock again from where the pause froze it."""
        if self.run is None or not self.run.paused:
            raise _refused(translation_key="run_not_paused")
        now = dt_util.utcnow()
        self.run.clock = self.run.clock.resume(now)
        self._schedule(self.run, now)
        self._changed(RunEvent.WORKOUT_RESUMED, now)

    async def async_stop(self) -> None:
        """End the run before its end."""
        run = self._active
        self._end(finished=False)
        data = {**self._run_data(run), "step": run.step.kind.value}
        self._emit(RunEvent.WORKOUT_STOPPED, data)
        self._notify()

    # Set-up and unload

    async def async_load(self) -> None:
        """Restore a stored run: continue it, or finish it if its end has passed."""
        stored = await self._store.async_load() or {}
        if not (record := stored.get("run")):
            return
        try:
            run = ActiveRun.from_dict(record)
        except (KeyError, TypeError, ValueError) as err:
            _LOGGER.warning("A stored workout run could not be read, dropped: %s", err)
            self._save()
            return
        now = dt_util.utcnow()
        self._begin(run)
        if run.paused:
            run.locate(now)
            return
        self._enter(now, now, restoring=True)

    async def async_unload(self) -> None:
        """Stop the timers; the Store keeps the run for the next setup."""
        self._cancel_timers()
        await self._store.async_save(self._record())

    # Inside

    @property
    def _active(self) -> ActiveRun:
        if self.run is None:
            raise _refused(translation_key="run_not_running")
        return self.run

    def _plan_of_today(self, workout_index: int) -> RunPlan:
        """Return the plan of today's workout ``workout_index``, or refuse."""
        coordinator = self.coordinator
        day = coordinator.day_view(coordinator.today)
        if not day.workouts:
            raise _refused(translation_key="run_rest_day")
        if not 0 <= workout_index < len(day.workouts):
            raise _refused(
                translation_key="run_workout_index_invalid",
                index=str(workout_index),
                count=str(len(day.workouts)),
            )
        view = day.workouts[workout_index]
        try:
            return RunPlan.of(
                view.workout, view.summary, view.blocks, coordinator.phrases
            )
        except NoStructureError as err:
            raise _refused(
                translation_key="run_no_structure", workout=view.summary
            ) from err

    @callback
    def _begin(self, run: ActiveRun) -> None:
        self.run, self.finished = run, False
        self._save()

    @callback
    def _enter(
        self, now: datetime, moment: datetime, *, restoring: bool = False
    ) -> None:
        """Announce the step at ``moment`` (a planned boundary, or now)."""
        run = self._active
        position = run.locate(moment)
        if run.over:
            self._end(finished=True)
            self._emit(RunEvent.WORKOUT_FINISHED, self._run_data(run))
            self._notify()
            return
        data = run.plan.step_data(position.index, run.step_ends)
        self._emit(RunEvent.STEP_STARTED, data)
        self._schedule(run, now, restoring=restoring)
        self._notify()

    @callback
    def _schedule(
        self, run: ActiveRun, now: datetime, *, restoring: bool = False
    ) -> None:
        """Schedule the next boundary, and its heads-up unless already given."""
        self._cancel_timers()
        position, clock = run.position, run.clock
        boundary = clock.at(position.end)
        self._timers.append(
            async_track_point_in_utc_time(self.hass, self._at_boundary, boundary)
        )
        if not run.lead or run.heads_up_done == position.index:
            return
        due = max(boundary - timedelta(seconds=run.lead), clock.at(position.start))
        if due > now:
            self._timers.append(
                async_track_point_in_utc_time(self.hass, self._at_heads_up, due)
            )
        elif not restoring:  # due already: a short step, a late join, a resume
            self._at_heads_up(now)
        # Restoring: it was due while Home Assistant was down, so it passed.

    @callback
    def _at_boundary(self, moment: datetime) -> None:
        self._enter(moment, moment)

    @callback
    def _at_heads_up(self, moment: datetime) -> None:
        run = self._active
        position = run.position
        run.heads_up_done = position.index
        upcoming = position.index + 1
        ends_at = None
        if upcoming < len(run.plan.steps):
            ends_at = run.clock.at(run.timeline.ends[upcoming])
        left = (run.clock.at(position.end) - moment).total_seconds()
        data = run.plan.step_data(upcoming, ends_at)
        self._emit(RunEvent.STEP_ENDING, {**data, "seconds_left": round(left)})

    @callback
    def _changed(self, event_type: RunEvent, now: datetime) -> None:
        """Save and tell a pause or a resume, with the current step."""
        run = self._active
        self._save()
        data = run.plan.step_data(run.position.index, run.step_ends)
        self._emit(event_type, {**data, "seconds_left": run.seconds_left(now)})
        self._notify()

    @callback
    def _end(self, *, finished: bool) -> None:
        self._cancel_timers()
        self.run, self.finished = None, finished
        self._save()

    @callback
    def _cancel_timers(self) -> None:
        while self._timers:
            self._timers.pop()()

    @staticmethod
    def _run_data(run: ActiveRun) -> dict[str, Any]:
        ends = run.workout_ends
        return {
            "workout": run.plan.summary,
            "sport": run.plan.sport.value,
            "duration": run.plan.duration,
            "ends_at": None if ends is None else ends.isoformat(),
        }

    @callback
    def _emit(self, event_type: RunEvent, data: dict[str, Any]) -> None:
        if not self._event_listeners:
            self._undelivered.append((event_type, data))
            del self._undelivered[:-MAX_UNDELIVERED]
            return
        for listener in list(self._event_listeners):
            listener(event_type.value, data)

    @callback
    def _deliver_kept(self) -> None:
        undelivered, self._undelivered = self._undelivered, []
        for event_type, data in undelivered:
            self._emit(event_type, data)

    @callback
    def _notify(self) -> None:
        for update in list(self._listeners):
            update()

    def _record(self) -> dict[str, Any]:
        return {"run": None if self.run is None else self.run.to_dict()}

    @callback
    def _save(self) -> None:
        self._store.async_delay_save(self._record, 0)


async def async_setup_runner(
    hass: HomeAssistant, coordinator: AIEnduranceCoordinator
) -> WorkoutRunner:
    """Return the entry's runner with its stored run restored; unloaded with it."""
    runner = WorkoutRunner(hass, coordinator)
    await runner.async_load()
    coordinator.config_entry.async_on_unload(runner.async_unload)
    return runner


async def async_remove_runner(hass: HomeAssistant, entry_id: str) -> None:
    """Remove the Store of a removed entry's run."""
    await Store[dict[str, Any]](
        hass, STORAGE_VERSION, storage_key(entry_id)
    ).async_remove()
