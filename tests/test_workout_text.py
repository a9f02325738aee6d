# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: RUF001  # the texts under test use en dashes on purpose
"""Summaries, structure lines, descriptions and targets (pure functions)."""

import pytest

from custom_components.ai_endurance.api.models import Target, TargetKind
from custom_components.ai_endurance.workout_structure import (
    MAX_REPEATS,
    BlockKind,
    Zone,
    on_zone,
    workout_blocks,
)
from custom_components.ai_endurance.workout_text import (
    format_duration,
    format_target,
    format_target_units,
    structure_lines,
    workout_description,
    workout_summary,
)

from .workout_samples import (
    endurance,
    long_run,
    swim,
    tempo,
    vo2max_ride,
    workout,
)

DAY = "2025-10-14"


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (30, "30 s"),
        (89.6, "1 min 30 s"),
        (540, "9 min"),
        (599, "9 min 59 s"),
        (629, "10 min"),
        (3000, "50 min"),
        (3600, "1 h"),
        (6300, "1 h 45 min"),
    ],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("target", "unit", "text"),
    [
        (Target(3.45, 3.665625, TargetKind.PACE), "km", "4:33–4:50/km"),
        (Target(None, 3.45, TargetKind.PACE), "km", "4:50/km or slower"),
        (Target(3.45, None, TargetKind.PACE), "mi", "7:46/mi or faster"),
        (Target(None, 1.0, TargetKind.PACE), "100m", "1:40/100m or slower"),
        (Target(250, 270.4, TargetKind.POWER), "km", "250–270 W"),
        (Target(None, 180, TargetKind.POWER), "mi", "up to 180 W"),
        (Target(300, None, TargetKind.POWER), "km", "300 W or more"),
        (Target(None, 0, TargetKind.PACE), "km", None),
        (None, "km", None),
    ],
)
def test_format_target(target: Target | None, unit: str, text: str | None) -> None:
    assert format_target(target, unit) == text  # type: ignore[arg-type]


def test_format_target_units() -> None:
    pace = Target(3.45, 3.665625, TargetKind.PACE)
    assert format_target_units(pace) == "4:33–4:50/km (7:19–7:46/mi)"
    assert (
        format_target_units(Target(None, 3.45, TargetKind.PACE))
        == "4:50/km or slower (7:46/mi)"
    )
    assert (
        format_target_units(Target(3.45, None, TargetKind.PACE))
        == "4:50/km or faster (7:46/mi)"
    )
    assert format_target_units(pace, ("mi",)) == "7:19–7:46/mi"
    assert format_target_units(Target(200, 220, TargetKind.POWER)) == "200–220 W"
    assert format_target_units(None) is None


def test_interval_run() -> None:
    run = tempo(DAY, title="Tempo run")
    assert workout_summary(run) == "Run · Tempo · 50 min"
    assert workout_description(run) == (
        "Tempo run\n"
        "Warm-up 10 min at 4:50/km or slower (7:46/mi)\n"
        "2 × 9 min at 4:33–4:50/km (7:19–7:46/mi),"
        " 5 min easy at 5:22/km or slower (8:38/mi)\n"
        "Cool-down 12 min at 5:22/km or slower (8:38/mi)\n"
        "Total 50 min · stress 38 ESS"
    )
    blocks = workout_blocks(run)
    assert [block.kind for block in blocks] == [
        BlockKind.WARMUP,
        BlockKind.ON,
        BlockKind.OFF,
        BlockKind.ON,
        BlockKind.OFF,
        BlockKind.COOLDOWN,
    ]
    assert sum(block.duration for block in blocks) == run.duration == 3000
    assert [block.zone for block in blocks] == [1, 3, 1, 3, 1, 1]
    assert [block.repeat for block in blocks] == [None, 1, 1, 2, 2, None]


def test_interval_ride_power_and_extra_endurance() -> None:
    ride = vo2max_ride(DAY)
    assert workout_summary(ride) == "Ride · VO2Max · 1 h 15 min"
    assert workout_description(ride) == (
        "Warm-up 15 min at up to 180 W\n"
        "5 × 3 min at 300–330 W, 3 min easy at up to 150 W\n"
        "Extra endurance 20 min at up to 200 W\n"
        "Cool-down 10 min at up to 150 W\n"
        "Total 1 h 15 min · stress 80 ESS"
    )
    lines = structure_lines(ride)
    assert [line.zone for line in lines] == [
        Zone.RECOVERY,
        Zone.VO2MAX,
        Zone.ENDURANCE,
        Zone.RECOVERY,
    ]


def test_endurance_run() -> None:
    run = endurance(DAY)
    assert workout_summary(run) == "Run · Endurance · 30 min"
    assert workout_description(run) == (
        "Endurance 30 min at 4:50/km or slower (7:46/mi)\nTotal 30 min · stress 26 ESS"
    )
    assert [(b.kind, b.zone) for b in workout_blocks(run)] == [
        (BlockKind.ENDURANCE, Zone.ENDURANCE)
    ]


def test_long_run() -> None:
    run = long_run(DAY, title="Long run")
    assert workout_summary(run) == "Run · Long endurance · 1 h 45 min"
    assert workout_description(run) == (
        "Long run\n"
        "Long endurance 1 h 45 min at 5:12/km or slower (8:23/mi)\n"
        "Total 1 h 45 min · stress 90 ESS"
    )


def test_swim_without_steps() -> None:
    session = swim(DAY, title="Swim")
    assert workout_summary(session) == "Swim"
    assert workout_description(session) == (
        "No structured steps for this workout in the plan."
    )
    assert workout_blocks(session) == []


def test_swim_with_steps_uses_100m() -> None:
    session = workout(
        DAY,
        {
            "act_type": "Swim",
            "type": "Endurance",
            "duration": 2400,
            "stress": 30,
            "target_high": 1.0,
        },
    )
    assert workout_summary(session) == "Swim · Endurance · 40 min"
    assert workout_description(session) == (
        "Endurance 40 min at 1:40/100m or slower\nTotal 40 min · stress 30 ESS"
    )


def test_unknown_and_partial_workouts() -> None:
    # No activity, no type: the title, else "Workout".
    assert workout_summary(workout(DAY, title="Strength")) == "Strength"
    assert workout_summary(workout(DAY)) == "Workout"
    # Stress without a duration.
    only_stress = workout(DAY, {"act_type": "Run", "stress": 12})
    assert workout_summary(only_stress) == "Run"
    assert workout_description(only_stress) == (
        "No structured steps for this workout in the plan.\nStress 12 ESS"
    )
    # An interval type that gives only its total: one main block.
    total_only = workout(
        DAY,
        {
            "act_type": "Run",
            "type": "Threshold",
            "duration": 2700,
            "target_on_low": 3.8,
            "target_on_high": 4.0,
        },
    )
    assert workout_description(total_only) == (
        "Main set 45 min at 4:10–4:23/km (6:42–7:04/mi)\nTotal 45 min"
    )
    assert [b.zone for b in workout_blocks(total_only)] == [Zone.THRESHOLD]
    # Repeats without recoveries, missing repeats count once, unknown type.
    no_off = workout(
        DAY,
        {"act_type": "Run", "type": "Fartlek", "duration_on": 60, "stress": 5},
    )
    assert workout_summary(no_off) == "Run · Fartlek · 1 min"
    assert workout_description(no_off) == "1 × 1 min\nTotal 1 min · stress 5 ESS"
    assert on_zone("Fartlek") is Zone.THRESHOLD
    assert on_zone(None) is Zone.THRESHOLD
    # Endurance without a duration has no blocks.
    assert workout_blocks(workout(DAY, {"act_type": "Run", "type": "Endurance"})) == []


def test_huge_repeats_are_capped() -> None:
    """A malformed repeat count does not loop a billion times in the event loop."""
    huge = workout(
        DAY,
        {
            "act_type": "Run",
            "type": "Threshold",
            "repeats": 10**9,
            "duration_on": 60,
            "duration_off": 30,
        },
    )
    blocks = workout_blocks(huge)
    assert len(blocks) == 2 * MAX_REPEATS
    assert blocks[-1].repeat == MAX_REPEATS
    assert len(structure_lines(huge)) < 10
    assert workout_description(huge)
