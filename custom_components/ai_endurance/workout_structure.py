# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""A workout as a sequence of blocks: the structure the calendar and the image show.

Pure functions over the API models, no Home Assistant import.

An interval workout is: warm-up, `repeats` x (on, off), extra endurance,
cool-down (the documented total 600 + 2 x (540 + 300) + 0 + 720 = 3000 s
counts the recovery after the last repeat, so every repeat has its "off").
Missing repeats count as one (as in `WorkoutSteps.total_duration`); more than
:data:`MAX_REPEATS` count as that many (a malformed huge value must not loop
in the event loop). An
endurance workout is one block; so is an interval workout that gives only its
total `duration` (a "main" block). A workout without steps (swims) has no
blocks. Blocks of zero or unknown length are left out.

Zones: the payload carries absolute targets (m/s, W) but not the athlete's
threshold, so a block's zone comes from its role and the workout type: easy
blocks (warm-up, recovery, cool-down) are zone 1, endurance zone 2, and the
"on" blocks of Tempo, Threshold, VO2Max and Anaerobic workouts zones 3 to 6.
"""

from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final

from .api import Target, Workout, WorkoutType

MAX_REPEATS: Final = 100
"""Most repeats a workout's structure shows (no real workout has more)."""


class BlockKind(StrEnum):
    """The role of a block in a workout."""

    WARMUP = "warmup"
    MAIN = "main"
    ON = "on"
    OFF = "off"
    ENDURANCE = "endurance"
    ADD_ENDURANCE = "add_endurance"
    COOLDOWN = "cooldown"


class Zone(IntEnum):
    """Training zones, 1 (easy) to 6 (anaerobic)."""

    RECOVERY = 1
    ENDURANCE = 2
    TEMPO = 3
    THRESHOLD = 4
    VO2MAX = 5
    ANAEROBIC = 6


ON_ZONES: dict[str, Zone] = {
    WorkoutType.TEMPO: Zone.TEMPO,
    WorkoutType.THRESHOLD: Zone.THRESHOLD,
    WorkoutType.VO2MAX: Zone.VO2MAX,
    WorkoutType.ANAEROBIC: Zone.ANAEROBIC,
}
"""Zone of the "on" blocks by workout type; unknown interval types: threshold."""

KIND_ZONES: dict[BlockKind, Zone] = {
    BlockKind.WARMUP: Zone.RECOVERY,
    BlockKind.OFF: Zone.RECOVERY,
    BlockKind.COOLDOWN: Zone.RECOVERY,
    BlockKind.ENDURANCE: Zone.ENDURANCE,
    BlockKind.ADD_ENDURANCE: Zone.ENDURANCE,
}


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a workout: what to do for how long, at which target."""

    kind: BlockKind
    duration: int
    """Seconds."""
    target: Target | None
    zone: Zone
    repeat: int | None = None
    """1-based repeat number of "on" and "off" blocks."""


def on_zone(workout_type: str | None) -> Zone:
    """Return the zone of the "on" blocks of a workout type."""
    return ON_ZONES.get(workout_type or "", Zone.THRESHOLD)


def _seconds(value: float | None) -> int:
    """Return a duration in whole seconds, 0 for missing or negative values."""
    if value is None or value <= 0:
        return 0
    return round(value)


def workout_blocks(workout: Workout) -> list[Block]:
    """Return the blocks of a workout in order; empty without steps."""
    if (steps := workout.steps) is None:
        return []
    if not steps.is_interval:
        if duration := _seconds(steps.duration):
            return [
                Block(
                    BlockKind.ENDURANCE,
                    duration,
                    steps.main_target,
                    KIND_ZONES[BlockKind.ENDURANCE],
                )
            ]
        return []

    zone = on_zone(workout.workout_type)
    blocks: list[Block] = []

    def add(
        kind: BlockKind,
        duration: float | None,
        target: Target | None,
        repeat: int | None = None,
    ) -> None:
        if seconds := _seconds(duration):
            block_zone = zone if kind is BlockKind.ON else KIND_ZONES[kind]
            blocks.append(Block(kind, seconds, target, block_zone, repeat))

    add(BlockKind.WARMUP, steps.duration_warmup, steps.warmup_target)
    repeats = 1 if steps.repeats is None else min(steps.repeats, MAX_REPEATS)
    for repeat in range(1, repeats + 1):
        add(BlockKind.ON, steps.duration_on, steps.main_target, repeat)
        add(BlockKind.OFF, steps.duration_off, steps.off_target, repeat)
    add(
        BlockKind.ADD_ENDURANCE,
        steps.duration_add_endurance,
        steps.add_endurance_target,
    )
    add(BlockKind.COOLDOWN, steps.duration_cooldown, steps.cooldown_target)
    if not blocks and (total := _seconds(steps.total_duration)):
        blocks.append(Block(BlockKind.MAIN, total, steps.main_target, zone))
    return blocks
