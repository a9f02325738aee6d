# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Texts about a workout: summary, structure lines, description, durations, targets.

Pure functions over the API models, no Home Assistant import: the calendar,
the event entity and the picture all read the same words.

Targets: a pace target is a speed band in m/s, so its upper bound is the
fastest allowed pace ("4:50/km or slower" when only the upper bound is set)
and ranges print fast to slow ("4:33-4:50/km"). Power targets are watts.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from .api.models import (
    PaceUnit,
    Sport,
    Target,
    TargetKind,
    Workout,
    WorkoutType,
    format_pace,
)
from .workout_structure import BlockKind, Zone, workout_blocks

SEPARATOR = " · "
DASH = "\u2013"  # en dash
TIMES = "\u00d7"  # multiplication sign
DEFAULT_ACTIVITY = "Workout"
SHORT_DURATION = 600  # seconds: shorter durations are shown to the second

RUN_UNITS: tuple[PaceUnit, ...] = ("km", "mi")
SWIM_UNITS: tuple[PaceUnit, ...] = ("100m",)
BLOCK_NAMES: dict[BlockKind, str] = {
    BlockKind.WARMUP: "Warm-up",
    BlockKind.MAIN: "Main set",
    BlockKind.ENDURANCE: "Endurance",
    BlockKind.ADD_ENDURANCE: "Extra endurance",
    BlockKind.COOLDOWN: "Cool-down",
}


@dataclass(frozen=True, slots=True)
class StructureLine:
    """One line of a workout's structure and the zone it is drawn in."""

    zone: Zone
    text: str


def format_duration(seconds: float) -> str:
    """Return a duration: "45 s", "1 min 30 s", "50 min", "1 h", "1 h 30 min".

    Under 10 minutes to the second (short intervals matter), else rounded
    to the minute.
    """
    seconds = round(seconds)
    if seconds < SHORT_DURATION:
        minutes, rest = divmod(seconds, 60)
        if not minutes:
            return f"{rest} s"
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return f"{minutes} min"
    if not minutes:
        return f"{hours} h"
    return f"{hours} h {minutes} min"


def _pace(mps: float | None, unit: PaceUnit) -> str | None:
    """Return a pace without its unit ("4:50"), None without a speed."""
    text = format_pace(mps, unit)
    return None if text is None else text.removesuffix(f"/{unit}")


def _watts(watts: float | None) -> str | None:
    return None if watts is None else str(round(watts))


def format_target(target: Target | None, unit: PaceUnit = "km") -> str | None:
    """Return a target in one pace unit.

    Power "180-200 W", "up to 200 W", "180 W or more"; pace "4:33-4:50/km",
    "4:50/km or slower" (only an upper speed), "4:50/km or faster".
    """
    if target is None:
        return None
    if target.kind is TargetKind.POWER:
        suffix = " W"
        easy, hard = _watts(target.low), _watts(target.high)
        first, second = easy, hard
        only_hard, only_easy = f"up to {hard}{suffix}", f"{easy}{suffix} or more"
    else:
        # A speed band: its upper bound is the faster pace, printed first.
        suffix = f"/{unit}"
        easy, hard = _pace(target.low, unit), _pace(target.high, unit)
        first, second = hard, easy
        only_hard, only_easy = f"{hard}{suffix} or slower", f"{easy}{suffix} or faster"
    if easy is not None and hard is not None:
        return f"{first}{DASH}{second}{suffix}"
    if hard is not None:
        return only_hard
    if easy is not None:
        return only_easy
    return None


def format_target_units(
    target: Target | None, units: Sequence[PaceUnit] = RUN_UNITS
) -> str | None:
    """Return a target in the first pace unit, the others in brackets.

    "4:50/km or slower (7:46/mi)", "4:33-4:50/km (7:19-7:46/mi)"; power
    targets once.
    """
    if (first := format_target(target, units[0])) is None:
        return None
    assert target is not None  # noqa: S101 - format_target returned text
    if target.kind is TargetKind.POWER or len(units) == 1:
        return first
    others = []
    for unit in units[1:]:
        other = format_target(target, unit) or ""
        others.append(other.removesuffix(" or slower").removesuffix(" or faster"))
    return f"{first} ({', '.join(others)})"


def _at(target: Target | None, units: Sequence[PaceUnit]) -> str:
    text = format_target_units(target, units)
    return f" at {text}" if text else ""


def workout_type_label(workout: Workout) -> str | None:
    """Return the type as shown: "Tempo", "Long endurance", None if unknown."""
    if not workout.workout_type:
        return None
    if workout.is_long and workout.workout_type == WorkoutType.ENDURANCE:
        return "Long endurance"
    return workout.workout_type


def workout_summary(workout: Workout) -> str:
    """Return what a person reads at a glance: "Run · Tempo · 50 min".

    Missing parts are left out: a swim without steps is just "Swim".
    """
    parts = [workout.activity or workout.title or DEFAULT_ACTIVITY]
    if type_label := workout_type_label(workout):
        parts.append(type_label)
    if workout.duration:
        parts.append(format_duration(workout.duration))
    return SEPARATOR.join(parts)


def pace_units(
    workout: Workout, preferred: Sequence[PaceUnit] = RUN_UNITS
) -> Sequence[PaceUnit]:
    """Return the pace units for a workout: per 100 m for swims, else `preferred`."""
    if workout.sport is Sport.SWIM:
        return SWIM_UNITS
    return preferred


def structure_lines(
    workout: Workout, units: Sequence[PaceUnit] = RUN_UNITS
) -> list[StructureLine]:
    """Return the structure, one line per part, repeats on one line.

    "Warm-up 10 min at 4:50/km or slower (7:46/mi)",
    "2 x 9 min at 4:33-4:50/km (7:19-7:46/mi), 5 min easy at ..." (with a
    multiplication sign and en dashes).
    Paces in `units` (swims: per 100 m).
    """
    units = pace_units(workout, units)
    blocks = workout_blocks(workout)
    lines: list[StructureLine] = []
    ons = [block for block in blocks if block.kind is BlockKind.ON]
    offs = [block for block in blocks if block.kind is BlockKind.OFF]
    for block in blocks:
        if block.kind is BlockKind.OFF or (
            block.kind is BlockKind.ON and block.repeat != 1
        ):
            continue
        if block.kind is BlockKind.ON:
            text = f"{len(ons)} {TIMES} {format_duration(block.duration)}"
            text += _at(block.target, units)
            if offs:
                off = offs[0]
                text += f", {format_duration(off.duration)} easy"
                text += _at(off.target, units)
            lines.append(StructureLine(block.zone, text))
            continue
        name = BLOCK_NAMES[block.kind]
        if block.kind is BlockKind.ENDURANCE and workout.is_long:
            name = "Long endurance"
        text = f"{name} {format_duration(block.duration)}{_at(block.target, units)}"
        lines.append(StructureLine(block.zone, text))
    return lines


def distinct_title(workout: Workout) -> str | None:
    """Return the title when it says more than the activity and the summary."""
    if workout.title and workout.title not in {
        workout.activity,
        workout_summary(workout),
    }:
        return workout.title
    return None


def workout_description(workout: Workout) -> str:
    """Return the structure, targets (min/km and min/mi, W) and stress.

    One line per part; first the title when AI Endurance gives one (and it
    is not already the summary).
    """
    lines: list[str] = []
    if title := distinct_title(workout):
        lines.append(title)
    structure = structure_lines(workout)
    if structure:
        lines.extend(line.text for line in structure)
    else:
        lines.append("No structured steps for this workout in the plan.")
    totals = []
    if workout.duration:
        totals.append(f"Total {format_duration(workout.duration)}")
    if workout.stress is not None:
        totals.append(f"{'stress' if totals else 'Stress'} {round(workout.stress)} ESS")
    if totals:
        lines.append(SEPARATOR.join(totals))
    return "\n".join(lines)
