# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The clock of a run, and where the run stands: its step, when it ends.

Pure, no Home Assistant import. A run's time is wall time since it started
minus the time it spent paused; joining late moves the start back by the
offset. All arithmetic is in ``timedelta`` (whole microseconds), so the
moment a step is planned to end is exactly its boundary, never a rounding
error before it: a boundary belongs to the step that begins there.

:class:`ActiveRun` is what the Store keeps of a run (``to_dict``,
``from_dict``, which refuses a damaged record with ``KeyError``,
``TypeError`` or ``ValueError``).
"""

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any, Self

from .runner_plan import FINISHED, RunPlan, RunStep


@dataclass(frozen=True, slots=True)
class RunClock:
    """When a run started, how long it was paused, whether it is paused now."""

    started_at: datetime
    """Aware; the moment the workout's time was zero."""
    paused: timedelta = timedelta()
    """Time spent in pauses that ended."""
    paused_at: datetime | None = None
    """When the pause going on began; ``None`` while running."""

    @classmethod
    def start(cls, now: datetime, offset: timedelta = timedelta()) -> Self:
        """Return the clock of a run started at ``now``, ``offset`` into it."""
        return cls(started_at=now - offset)

    def elapsed(self, now: datetime) -> timedelta:
        """Return the workout time at ``now`` (frozen while paused)."""
        end = now if self.paused_at is None else self.paused_at
        return end - self.started_at - self.paused

    def at(self, elapsed: timedelta) -> datetime:
        """Return the wall time at which the workout time reaches ``elapsed``."""
        return self.started_at + self.paused + elapsed

    def pause(self, now: datetime) -> Self:
        """Return the clock paused at ``now``."""
        return replace(self, paused_at=now)

    def resume(self, now: datetime) -> Self:
        """Return the clock running again from ``now``."""
        if self.paused_at is None:
            return self
        return replace(
            self, paused=self.paused + (now - self.paused_at), paused_at=None
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the clock as JSON-ready data for the Store."""
        return {
            "started_at": self.started_at.isoformat(),
            "paused": self.paused.total_seconds(),
            "paused_at": None if self.paused_at is None else self.paused_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a stored clock; ``ValueError`` (or ``TypeError``) when damaged."""
        started_at = _aware(data["started_at"])
        paused_at = data["paused_at"]
        paused = data["paused"]
        if isinstance(paused, bool) or not isinstance(paused, int | float):
            msg = "paused is not a number of seconds"
            raise TypeError(msg)
        return cls(
            started_at=started_at,
            paused=timedelta(seconds=paused),
            paused_at=None if paused_at is None else _aware(paused_at),
        )


@dataclass(frozen=True, slots=True)
class Position:
    """Where a workout time falls: the step, when it began and when it ends."""

    index: int
    """The step; the number of steps once the workout is over."""
    start: timedelta
    end: timedelta


def _aware(value: object) -> datetime:
    if type(value) is not str:
        msg = "a time is not a string"
        raise TypeError(msg)
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        msg = "a stored time has no time zone"
        raise ValueError(msg)
    return moment


class Timeline:
    """The boundaries of a workout's steps, in workout time."""

    def __init__(self, durations: Sequence[int]) -> None:
        """Lay out steps of ``durations`` seconds one after the other."""
        self.ends = [timedelta(seconds=end) for end in accumulate(durations)]

    @property
    def total(self) -> timedelta:
        """How long the whole workout lasts."""
        return self.ends[-1]

    def position(self, elapsed: timedelta) -> Position:
        """Return the step running at workout time ``elapsed``."""
        index = bisect_right(self.ends, elapsed)
        start = self.ends[index - 1] if index else timedelta()
        end = self.ends[index] if index < len(self.ends) else self.total
        return Position(index, start, end)


@dataclass(slots=True)
class ActiveRun:
    """A run going on: its workout, clock and heads-up lead, and its step."""

    plan: RunPlan
    clock: RunClock
    lead: int
    """Seconds between a heads-up and the change it announces; 0: none."""
    timeline: Timeline = field(init=False)
    position: Position = field(init=False)
    heads_up_done: int | None = None
    """The step whose heads-up (for the change at its end) was given."""

    def __post_init__(self) -> None:
        """Lay the steps out; the position is the start until ``locate``."""
        self.timeline = Timeline([step.duration for step in self.plan.steps])
        self.position = self.timeline.position(timedelta())

    @property
    def paused(self) -> bool:
        """Whether the clock stands."""
        return self.clock.paused_at is not None

    def locate(self, moment: datetime) -> Position:
        """Move to the step running at ``moment``; return its position."""
        self.position = self.timeline.position(self.clock.elapsed(moment))
        return self.position

    @property
    def over(self) -> bool:
        """Whether the position is past the last step."""
        return self.position.index >= len(self.plan.steps)

    @property
    def step(self) -> RunStep:
        """The step at the position (not past the last)."""
        return self.plan.steps[self.position.index]

    @property
    def next_step(self) -> str:
        """The kind of the next step, or ``finished``."""
        index = self.position.index + 1
        steps = self.plan.steps
        return steps[index].kind.value if index < len(steps) else FINISHED

    def at(self, elapsed: timedelta) -> datetime | None:
        """When the workout time reaches ``elapsed``; ``None`` while paused."""
        return None if self.paused else self.clock.at(elapsed)

    @property
    def step_ends(self) -> datetime | None:
        """When the current step ends; ``None`` while paused."""
        return self.at(self.position.end)

    @property
    def workout_ends(self) -> datetime | None:
        """When the workout ends; ``None`` while paused."""
        return self.at(self.timeline.total)

    def seconds_left(self, now: datetime) -> int:
        """Whole seconds left in the current step at ``now``."""
        return round((self.position.end - self.clock.elapsed(now)).total_seconds())

    def to_dict(self) -> dict[str, Any]:
        """Return the run as JSON-ready data for the Store."""
        return {
            "plan": self.plan.to_dict(),
            "clock": self.clock.to_dict(),
            "lead": self.lead,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a stored run; ``KeyError``, ``TypeError`` or ``ValueError``."""
        lead = data["lead"]
        if type(lead) is not int:
            msg = "lead is not a whole number"
            raise TypeError(msg)
        return cls(
            RunPlan.from_dict(data["plan"]), RunClock.from_dict(data["clock"]), lead
        )
