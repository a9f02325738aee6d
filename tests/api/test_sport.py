# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The sport of a workout, pace or power targets, and paces."""

from typing import Any

import pytest

from custom_components.ai_endurance.api import (
    Sport,
    Target,
    TargetKind,
    Workout,
    format_pace,
    pace_seconds,
    sport_of,
    target_kind,
)

# Sport


ACT_TYPES = {
    Sport.RUN: ["Run", "TrailRun", "VirtualRun"],
    Sport.RIDE: [
        "Ride",
        "VirtualRide",
        "virtualride",
        "EBikeRide",
        "MountainBikeRide",
        "Cycling",
    ],
    Sport.SWIM: ["Swim", "OpenWaterSwim"],
    Sport.OTHER: ["Hike", "WeightTraining", "Rowing", "Crunch"],
}
TITLES = {
    Sport.RUN: ["Easy run", "Tempo Run 2 x 9 min"],
    Sport.RIDE: ["Brunch ride", "Bike: sweet spot"],
    Sport.SWIM: ["Swim 45 min", "Swimming drills"],
    Sport.OTHER: ["Core crunches", "Rundown of the week", "Strength", "", None],
}


def cases(table: dict[Sport, list[Any]]) -> list[tuple[Any, Sport]]:
    """Return (value, sport) pairs of a table of values by sport."""
    return [(value, sport) for sport, values in table.items() for value in values]


@pytest.mark.parametrize(("activity", "sport"), cases(ACT_TYPES))
def test_sport_of_act_type(activity: str, sport: Sport) -> None:
    assert sport_of(activity) is sport
    # An act_type decides alone: the title does not count.
    assert sport_of(activity, "Easy swim") is sport


@pytest.mark.parametrize(("title", "sport"), cases(TITLES))
def test_sport_of_title_words(title: str | None, sport: Sport) -> None:
    assert sport_of(None, title) is sport
    assert sport_of("  ", title) is sport


@pytest.mark.parametrize(
    ("data", "sport"),
    [
        # The top-level act_type first, then the steps', then the title.
        ({"act_type": "Ride", "steps": {"act_type": "Run"}}, Sport.RIDE),
        ({"steps": {"act_type": "Run"}, "title": "Bike"}, Sport.RUN),
        ({"act_type": "Swim", "title": "Run"}, Sport.SWIM),
        ({"title": "Core crunches", "steps": {"duration": 600}}, Sport.OTHER),
        ({"title": "Easy run"}, Sport.RUN),
    ],
)
def test_workout_sport(data: dict[str, Any], sport: Sport) -> None:
    workout = Workout.from_dict({"date": "2026-01-05"} | data)
    assert workout.sport is sport
    assert str(workout.sport) == sport.value


# Targets, pace or power


@pytest.mark.parametrize(
    ("sport", "value", "kind"),
    [
        (Sport.RUN, 3.45, TargetKind.PACE),
        (Sport.RUN, 10.0, TargetKind.PACE),
        (Sport.RUN, 10.01, TargetKind.POWER),
        (Sport.RUN, 290.0, TargetKind.POWER),
        (Sport.RIDE, 3.0, TargetKind.POWER),
        (Sport.RIDE, 220.0, TargetKind.POWER),
        (Sport.SWIM, 1.2, TargetKind.PACE),
        (Sport.SWIM, 50.0, TargetKind.PACE),
        (Sport.OTHER, 4.0, TargetKind.PACE),
        (Sport.OTHER, 180.0, TargetKind.POWER),
    ],
)
def test_pace_or_power_rule(sport: Sport, value: float, kind: TargetKind) -> None:
    assert target_kind(sport, value) is kind


def test_targets_follow_the_workout_sport() -> None:
    """A title naming a ride makes its targets power, whatever their size."""
    steps = {"type": "Endurance", "duration": 3600, "target_high": 3.0}
    ride = Workout.from_dict({"date": "2026-01-05", "title": "Ride", "steps": steps})
    assert ride.main_target == Target(None, 3.0, TargetKind.POWER)
    run = Workout.from_dict({"date": "2026-01-05", "title": "Run", "steps": steps})
    assert run.main_target == Target(None, 3.0, TargetKind.PACE)


def test_target_low_only() -> None:
    assert Target.of(3.0, None, Sport.RUN) == Target(3.0, None, TargetKind.PACE)
    assert Target.of(None, None, Sport.RUN) is None
    assert Target(3.0, None, TargetKind.PACE).value == 3.0
    assert Target(3.0, 3.5, TargetKind.PACE).value == 3.5
    with pytest.raises(ValueError, match="needs a low or a high bound"):
        Target(None, None, TargetKind.POWER)


# Pace


@pytest.mark.parametrize(
    ("mps", "unit", "text"),
    [
        (3.45, "km", "4:50/km"),
        (1000 / 290, "km", "4:50/km"),
        (1000 / 290, "mi", "7:47/mi"),
        (3.45, "mi", "7:46/mi"),
        (1000 / 299.6, "km", "5:00/km"),
        (1000 / 3723, "km", "1:02:03/km"),
        (1.0, "100m", "1:40/100m"),
        (None, "km", None),
        (0.0, "km", None),
        (-3.0, "km", None),
        (float("inf"), "km", None),
        (float("nan"), "km", None),
    ],
)
def test_format_pace(mps: float | None, unit: Any, text: str | None) -> None:
    assert format_pace(mps, unit) == text


def test_format_pace_default_unit_and_bad_unit() -> None:
    assert format_pace(3.45) == "4:50/km"
    assert pace_seconds(4.0) == 250.0
    assert pace_seconds(None, "mi") is None
    with pytest.raises(ValueError, match="unknown pace unit"):
        format_pace(3.0, "yd")  # type: ignore[arg-type]
