# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The workout a run plays: its steps, copied once when the run starts.

Pure, no Home Assistant import. A run keeps a snapshot of what it needs of
the workout (kind, duration, zone, target and the texts, in the language of
the moment it started): a plan changed during the run, or a restart, plays
the same steps. ``RunPlan.to_dict`` and ``RunPlan.from_dict`` are what the
Store keeps; ``from_dict`` refuses anything it cannot read (``ValueError``),
so a damaged Store never plays half a workout.

An endurance workout is one step of its duration. The main set of an
interval workout that only gives its total is one "on" step without repeats.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Final, Self

from .api import Sport, TargetKind, Workout
from .presentation import BlockView, Phrases, format_duration
from .workout_structure import BlockKind


class StepKind(StrEnum):
    """What a step of a run is (the step sensor's states while a run plays)."""

    WARM_UP = "warm_up"
    ON = "on"
    OFF = "off"
    ENDURANCE = "endurance"
    EXTRA_ENDURANCE = "extra_endurance"
    COOL_DOWN = "cool_down"


IDLE: Final = "idle"
FINISHED: Final = "finished"
STEP_STATES: Final = [IDLE, *(kind.value for kind in StepKind), FINISHED]
"""Every state of the step sensor."""


STEP_KINDS: Final[Mapping[BlockKind, StepKind]] = {
    BlockKind.WARMUP: StepKind.WARM_UP,
    BlockKind.MAIN: StepKind.ON,
    BlockKind.ON: StepKind.ON,
    BlockKind.OFF: StepKind.OFF,
    BlockKind.ENDURANCE: StepKind.ENDURANCE,
    BlockKind.ADD_ENDURANCE: StepKind.EXTRA_ENDURANCE,
    BlockKind.COOLDOWN: StepKind.COOL_DOWN,
}
TARGET_UNITS: Final[Mapping[TargetKind, str]] = {
    TargetKind.POWER: "W",
    TargetKind.PACE: "m/s",
}
PLAN_VERSION: Final = 1
END_VALUES: Final[Mapping[str, int | None]] = {
    "repeat": None,
    "repeats": None,
    "repeat_text": None,
    "duration": 0,
    "zone": 0,
    "target_low": None,
    "target_high": None,
    "target_unit": None,
    "target_text": None,
}
"""The event data keys a step gives, with their values at the end of a run."""


class NoStructureError(ValueError):
    """The workout has no steps to play (a swim without structure)."""


@dataclass(frozen=True, slots=True)
class RunStep:
    """One step of a run, with its texts."""

    kind: StepKind
    name: str
    duration: int
    """Seconds, at least 1."""
    zone: int
    repeat: int | None
    repeats: int | None
    target_low: float | None
    target_high: float | None
    target_unit: str | None
    target_text: str | None
    repeat_text: str | None
    announcement: str

    @classmethod
    def of(cls, block: BlockView, phrases: Phrases) -> Self:
        """Return the step that plays ``block``, its texts from ``phrases``."""
        target = block.target
        repeat_text = None
        if block.repeat is not None and block.repeats is not None:
            repeat_text = phrases(
                "runner_repeat", repeat=block.repeat, repeats=block.repeats
            )
        heading = block.label if repeat_text is None else f"{block.label} {repeat_text}"
        duration = format_duration(block.duration, phrases)
        if block.target_text is None:
            announcement = phrases("runner_announce", step=heading, duration=duration)
        else:
            announcement = phrases(
                "runner_announce_target",
                step=heading,
                duration=duration,
                target=block.target_text,
            )
        return cls(
            kind=STEP_KINDS[block.kind],
            name=block.label,
            duration=block.duration,
            zone=int(block.zone),
            repeat=block.repeat,
            repeats=block.repeats,
            target_low=None if target is None else target.low,
            target_high=None if target is None else target.high,
            target_unit=None if target is None else TARGET_UNITS[target.kind],
            target_text=block.target_text,
            repeat_text=repeat_text,
            announcement=announcement,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a stored step; ``ValueError`` (or ``TypeError``) when damaged."""
        duration = _whole(data["duration"])
        if duration < 1:
            msg = "a step lasts at least a second"
            raise ValueError(msg)
        return cls(
            kind=StepKind(data["kind"]),
            name=_text(data["name"]),
            duration=duration,
            zone=_whole(data["zone"]),
            repeat=_optional(data["repeat"], _whole),
            repeats=_optional(data["repeats"], _whole),
            target_low=_optional(data["target_low"], _number),
            target_high=_optional(data["target_high"], _number),
            target_unit=_optional(data["target_unit"], _text),
            target_text=_optional(data["target_text"], _text),
            repeat_text=_optional(data["repeat_text"], _text),
            announcement=_text(data["announcement"]),
        )


@dataclass(frozen=True, slots=True)
class RunPlan:
    """The workout of a run: its day, summary, sport, steps and closing words."""

    day: date
    summary: str
    sport: Sport
    steps: tuple[RunStep, ...]
    finished_name: str
    finished_announcement: str

    @classmethod
    def of(
        cls,
        workout: Workout,
        summary: str,
        blocks: Sequence[BlockView],
        phrases: Phrases,
    ) -> Self:
        """Return the plan that plays ``blocks`` of ``workout``.

        Raises ``NoStructureError`` when there is nothing to play.
        """
        steps = tuple(RunStep.of(block, phrases) for block in blocks if block.duration)
        if not steps:
            msg = "the workout has no structure to play"
            raise NoStructureError(msg)
        return cls(
            day=workout.date,
            summary=summary,
            sport=workout.sport,
            steps=steps,
            finished_name=phrases("runner_finished_step"),
            finished_announcement=phrases("runner_finished"),
        )

    @property
    def duration(self) -> int:
        """Seconds the whole workout lasts."""
        return sum(step.duration for step in self.steps)

    def step_data(self, index: int, ends_at: datetime | None) -> dict[str, Any]:
        """Return the event data of step ``index``; past the last step, the end."""
        if index < len(self.steps):
            step = self.steps[index]
            values = {key: getattr(step, key) for key in END_VALUES}
            kind, name, announcement = step.kind.value, step.name, step.announcement
        else:
            values = dict(END_VALUES)
            kind, name = FINISHED, self.finished_name
            announcement = self.finished_announcement
        return {
            "step": kind,
            "step_name": name,
            **values,
            "ends_at": None if ends_at is None else ends_at.isoformat(),
            "sport": self.sport.value,
            "announcement": announcement,
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the plan as JSON-ready data for the Store."""
        return {
            "version": PLAN_VERSION,
            "day": self.day.isoformat(),
            "summary": self.summary,
            "sport": self.sport.value,
            "steps": [asdict(step) for step in self.steps],
            "finished_name": self.finished_name,
            "finished_announcement": self.finished_announcement,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a stored plan; ``ValueError`` (or ``TypeError``) when damaged."""
        if data.get("version") != PLAN_VERSION:
            msg = f"unknown plan version {data.get('version')!r}"
            raise ValueError(msg)
        steps = tuple(RunStep.from_dict(step) for step in data["steps"])
        if not steps:
            msg = "a stored plan without steps"
            raise ValueError(msg)
        return cls(
            day=date.fromisoformat(data["day"]),
            summary=_text(data["summary"]),
            sport=Sport(data["sport"]),
            steps=steps,
            finished_name=_text(data["finished_name"]),
            finished_announcement=_text(data["finished_announcement"]),
        )


def _text(value: object) -> str:
    if type(value) is not str:
        msg = f"expected a string, not {type(value).__name__}"
        raise TypeError(msg)
    return value


def _whole(value: object) -> int:
    if type(value) is not int:
        msg = f"expected a whole number, not {type(value).__name__}"
        raise TypeError(msg)
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"expected a number, not {type(value).__name__}"
        raise TypeError(msg)
    return float(value)


def _optional[T](value: object, read: Callable[[object], T]) -> T | None:
    return None if value is None else read(value)
