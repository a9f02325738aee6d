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
from .runner_clock import Position, RunClock, Timeline
from .runner_plan import FINISHED, NoStructureError, RunPlan, RunStep

if TYPE_CHECKING:
    from .coordinator import AIEnduranceCoordinator

_LOGGER = logging.getLogger(__name__)

STORAGE_VERSION: Final = 1
DEFAULT_LEAD: Final = 10
"""Seconds between the heads-up (``step_ending``) and the change it announces."""
MAX_UNDELIVERED: Final = 8
"""Events kept for an event entity not listening yet (on setup)."""


class RunStatus(StrEnum):
    """Whether a run is going on."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


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
        self.status = RunStatus.IDLE
        self.plan: RunPlan | None = None
        self.clock: RunClock | None = None
        self.lead = DEFAULT_LEAD
        self.position: Position | None = None
        self._timeline: Timeline | None = None
        self._heads_up_done: int | None = None
        self._timers: list[CALLBACK_TYPE] = []
        self._listeners: list[CALLBACK_TYPE] = []
        self._event_listeners: list[EventListener] = []
        self._undelivered: list[tuple[RunEvent, dict[str, Any]]] = []

    # What the entities read

    @property
    def step(self) -> RunStep | None:
        """The step now played (also while paused); ``None`` without a run."""
        if self.plan is None or self.position is None:
            return None
        return self.plan.steps[self.position.index]

    @property
    def next_step(self) -> str | None:
        """The kind of the step after the current one, or ``finished``."""
        if self.step is None or self.plan is None or self.position is None:
            return None
        index = self.position.index + 1
        return self.plan.steps[index].kind if index < len(self.plan.steps) else FINISHED

    def ends_at(self, elapsed: timedelta) -> datetime | None:
        """When the workout time reaches ``elapsed``; ``None`` unless running."""
        if self.status is not RunStatus.RUNNING or self.clock is None:
            return None
        return self.clock.at(elapsed)

    @property
    def step_ends(self) -> datetime | None:
        """When the current step ends (``None`` while paused or idle)."""
        return None if self.position is None else self.ends_at(self.position.end)

    @property
    def workout_ends(self) -> datetime | None:
        """When the workout ends (``None`` while paused or idle)."""
        return None if self._timeline is None else self.ends_at(self._timeline.total)

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds left in the current step (only asked during a run)."""
        left = self._position.end - self._clock.elapsed(now)
        return round(left.total_seconds())

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

    @callback
    def _deliver_kept(self) -> None:
        undelivered, self._undelivered = self._undelivered, []
        for event_type, data in undelivered:
            self._emit(event_type, data)

    # Requests

    async def async_start(
        self,
        workout_index: int = 0,
        offset: timedelta = timedelta(),
        lead: int = DEFAULT_LEAD,
    ) -> None:
        """Start today's workout ``workout_index`` (0: the main one), ``offset`` in."""
        if self.status in {RunStatus.RUNNING, RunStatus.PAUSED}:
            raise _refused(translation_key="run_in_progress")
        plan = self._plan_of_today(workout_index)
        if offset.total_seconds() >= plan.duration:
            raise _refused(
                translation_key="run_offset_too_long",
                offset=str(round(offset.total_seconds())),
                duration=str(plan.duration),
            )
        now = dt_util.utcnow()
        self._begin(plan, RunClock.start(now, offset), lead)
        self._save()
        self._emit(RunEvent.WORKOUT_STARTED, self._run_data())
        self._enter(now, now)

    async def async_pause(self) -> None:
        """Freeze the clock of the current step."""
        if self.status is RunStatus.PAUSED:
            raise _refused(translation_key="run_already_paused")
        self._check_running()
        now = dt_util.utcnow()
        self._cancel_timers()
        self.clock = self._clock.pause(now)
        self.status = RunStatus.PAUSED
        self._save()
        self._emit(RunEvent.WORKOUT_PAUSED, self._current_data(now))
        self._notify()

    async def async_resume(self) -> None:
        """Run the clock again from where the pause froze it."""
        if self.status is not RunStatus.PAUSED:
            raise _refused(translation_key="run_not_paused")
        now = dt_util.utcnow()
        self.clock = self._clock.resume(now)
        self.status = RunStatus.RUNNING
        self._save()
        self._emit(RunEvent.WORKOUT_RESUMED, self._current_data(now))
        self._schedule(now)
        self._notify()

    async def async_stop(self) -> None:
        """End the run before its end."""
        self._check_running()
        data = {**self._run_data(), "step": self._step.kind.value}
        self._end(RunStatus.IDLE)
        self._emit(RunEvent.WORKOUT_STOPPED, data)
        self._notify()

    # Set-up and unload

    async def async_load(self) -> None:
        """Restore a stored run: continue it, or finish it if its end has passed."""
        stored = await self._store.async_load() or {}
        if not (record := stored.get("run")):
            return
        try:
            plan, clock, lead = _read_run(record)
        except (KeyError, TypeError, ValueError) as err:
            _LOGGER.warning("A stored workout run could not be read, dropped: %s", err)
            self._save()
            return
        now = dt_util.utcnow()
        self._begin(plan, clock, lead)
        if clock.paused_at is not None:
            self.status = RunStatus.PAUSED
            self.position = self._timeline_.position(clock.elapsed(now))
            return
        self._enter(now, now, restoring=True)

    async def async_unload(self) -> None:
        """Stop the timers; the Store keeps the run for the next setup."""
        self._cancel_timers()
        await self._store.async_save(self._record())

    # Inside

    @property
    def _clock(self) -> RunClock:
        assert self.clock is not None  # noqa: S101 - only called during a run
        return self.clock

    @property
    def _timeline_(self) -> Timeline:
        assert self._timeline is not None  # noqa: S101 - only called during a run
        return self._timeline

    @property
    def _plan(self) -> RunPlan:
        assert self.plan is not None  # noqa: S101 - only called during a run
        return self.plan

    @property
    def _position(self) -> Position:
        assert self.position is not None  # noqa: S101 - only called during a run
        return self.position

    @property
    def _step(self) -> RunStep:
        step = self.step
        assert step is not None  # noqa: S101 - only called during a run
        return step

    def _check_running(self) -> None:
        if self.status not in {RunStatus.RUNNING, RunStatus.PAUSED}:
            raise _refused(translation_key="run_not_running")

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

    def _begin(self, plan: RunPlan, clock: RunClock, lead: int) -> None:
        self.plan, self.clock, self.lead = plan, clock, lead
        self._timeline = Timeline([step.duration for step in plan.steps])
        self._heads_up_done = None
        self.status = RunStatus.RUNNING

    @callback
    def _enter(
        self, now: datetime, moment: datetime, *, restoring: bool = False
    ) -> None:
        """Announce the step at ``moment`` (a planned boundary, or now)."""
        position = self._timeline_.position(self._clock.elapsed(moment))
        self.position = position
        if position.index >= len(self._plan.steps):
            self._finish()
            return
        ends_at = self._clock.at(position.end)
        self._emit(RunEvent.STEP_STARTED, self._plan.step_data(position.index, ends_at))
        self._schedule(now, restoring=restoring)
        self._notify()

    @callback
    def _schedule(self, now: datetime, *, restoring: bool = False) -> None:
        """Schedule the next boundary, and its heads-up unless already given."""
        self._cancel_timers()
        position, clock = self._position, self._clock
        boundary = clock.at(position.end)
        self._timers.append(
            async_track_point_in_utc_time(self.hass, self._at_boundary, boundary)
        )
        if not self.lead or self._heads_up_done == position.index:
            return
        due = max(boundary - timedelta(seconds=self.lead), clock.at(position.start))
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
        position, plan, clock = self._position, self._plan, self._clock
        self._heads_up_done = position.index
        upcoming = position.index + 1
        ends_at = None
        if upcoming < len(plan.steps):
            ends_at = clock.at(self._timeline_.ends[upcoming])
        left = (clock.at(position.end) - moment).total_seconds()
        data = plan.step_data(upcoming, ends_at)
        self._emit(RunEvent.STEP_ENDING, {**data, "seconds_left": round(left)})

    @callback
    def _finish(self) -> None:
        data = self._run_data()
        self._end(RunStatus.FINISHED)
        self._emit(RunEvent.WORKOUT_FINISHED, data)
        self._notify()

    @callback
    def _end(self, status: RunStatus) -> None:
        self._cancel_timers()
        self.status = status
        self.plan = self.clock = self.position = self._timeline = None
        self._save()

    @callback
    def _cancel_timers(self) -> None:
        while self._timers:
            self._timers.pop()()

    def _run_data(self) -> dict[str, Any]:
        plan = self._plan
        return {
            "workout": plan.summary,
            "sport": plan.sport.value,
            "duration": plan.duration,
            "ends_at": None
            if (ends := self.workout_ends) is None
            else ends.isoformat(),
        }

    def _current_data(self, now: datetime) -> dict[str, Any]:
        data = self._plan.step_data(self._position.index, self.step_ends)
        return {**data, "seconds_left": self.seconds_left(now)}

    @callback
    def _emit(self, event_type: RunEvent, data: dict[str, Any]) -> None:
        if not self._event_listeners:
            self._undelivered.append((event_type, data))
            del self._undelivered[:-MAX_UNDELIVERED]
            return
        for listener in list(self._event_listeners):
            listener(event_type.value, data)

    @callback
    def _notify(self) -> None:
        for update in list(self._listeners):
            update()

    def _record(self) -> dict[str, Any]:
        if self.plan is None or self.clock is None:
            return {"run": None}
        return {
            "run": {
                "plan": self.plan.to_dict(),
                "clock": self.clock.to_dict(),
                "lead": self.lead,
            }
        }

    @callback
    def _save(self) -> None:
        self._store.async_delay_save(self._record, 0)


def _read_run(record: dict[str, Any]) -> tuple[RunPlan, RunClock, int]:
    """Read a stored run; ``KeyError``, ``TypeError`` or ``ValueError`` if damaged."""
    lead = record["lead"]
    if type(lead) is not int:
        msg = "lead is not a whole number"
        raise TypeError(msg)
    return RunPlan.from_dict(record["plan"]), RunClock.from_dict(record["clock"]), lead


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
