# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: RUF001  # the texts under test use en dashes on purpose
"""What a person reads of a workout: targets, durations, summaries, days (pure)."""

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
import json
from pathlib import Path
import string

from homeassistant.helpers import config_validation as cv
import pytest

from custom_components.ai_endurance.api import Target, TargetKind, Workout
from custom_components.ai_endurance.presentation import (
    Phrases,
    PlanViews,
    format_day,
    format_duration,
    format_pace,
    format_target,
    workout_view,
)
from custom_components.ai_endurance.workout_structure import (
    MAX_REPEATS,
    BlockKind,
    Zone,
    on_zone,
    workout_blocks,
)

from .conftest import load_phrases
from .workout_samples import (
    endurance,
    long_run,
    plan,
    swim,
    tempo,
    vo2max_ride,
    workout,
)

DAY = "2025-10-14"
EN = load_phrases("en")
DE = load_phrases("de")


def pace(low_seconds: float | None, high_seconds: float | None) -> Target:
    """Return a pace target from seconds per km (slow bound, fast bound)."""
    return Target(
        None if low_seconds is None else 1000 / low_seconds,
        None if high_seconds is None else 1000 / high_seconds,
        TargetKind.PACE,
    )


@pytest.mark.parametrize(
    ("target", "imperial", "text"),
    [
        (pace(257, 241), False, "4:01–4:17 /km"),
        (pace(257, 241), True, "6:28–6:54 /mi"),
        (pace(None, 307), False, "5:07 /km or slower"),
        (pace(None, 307), True, "8:14 /mi or slower"),
        (pace(290, None), False, "4:50 /km or faster"),
        (pace(680, 605), False, "10:05–11:20 /km"),
        (pace(None, 630), False, "10:30 /km or slower"),
        (pace(None, 630), True, "16:54 /mi or slower"),
        (pace(None, 3723), False, "1:02:03 /km or slower"),
        (pace(290, 289.8), False, "4:50 /km"),
        (Target(250, 265, TargetKind.POWER), False, "250–265 W"),
        (Target(250.4, 264.6, TargetKind.POWER), True, "250–265 W"),
        (Target(None, 200, TargetKind.POWER), False, "up to 200 W"),
        (Target(400, None, TargetKind.POWER), True, "400 W or more"),
        (Target(None, 0, TargetKind.PACE), False, None),
        (Target(-1, float("inf"), TargetKind.PACE), False, None),
        (None, False, None),
    ],
)
def test_format_target(target: Target | None, imperial: bool, text: str) -> None:
    assert format_target(target, EN, imperial=imperial) == text


@pytest.mark.parametrize(
    ("target", "imperial", "text"),
    [
        (Target(None, 1.0, TargetKind.PACE), False, "1:40 /100 m or slower"),
        (Target(None, 1.0, TargetKind.PACE), True, "1:31 /100 yd or slower"),
        (Target(1.0, 1.25, TargetKind.PACE), False, "1:20–1:40 /100 m"),
    ],
)
def test_format_swim_target(target: Target, imperial: bool, text: str) -> None:
    assert format_target(target, EN, imperial=imperial, swim=True) == text


def test_format_target_in_german() -> None:
    assert format_target(pace(None, 307), DE, imperial=False) == (
        "5:07 /km oder langsamer"
    )
    assert format_target(pace(290, None), DE, imperial=True) == (
        "7:47 /mi oder schneller"
    )
    assert format_target(Target(None, 200, TargetKind.POWER), DE, imperial=False) == (
        "bis 200 W"
    )
    assert format_target(Target(400, None, TargetKind.POWER), DE, imperial=False) == (
        "400 W oder mehr"
    )
    assert format_target(pace(257, 241), DE, imperial=False) == "4:01–4:17 /km"


def test_format_pace() -> None:
    assert format_pace(1000 / 290, imperial=False) == "4:50 /km"
    assert format_pace(1000 / 290, imperial=True) == "7:47 /mi"
    assert format_pace(None, imperial=False) is None


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
    assert format_duration(seconds, EN) == text


def test_format_day() -> None:
    assert format_day(date(2026, 11, 25), EN) == "Wed 25 Nov 2026"
    assert format_day(date(2026, 3, 1), DE) == "So., 1. März 2026"


SWIM_STEPS = {"act_type": "Swim", "type": "Endurance", "duration": 2400, "stress": 30}
THRESHOLD_TOTAL = {
    "act_type": "Run",
    "type": "Threshold",
    "duration": 2700,
    "target_on_low": 3.8,
    "target_on_high": 4.0,
}
FARTLEK = {"act_type": "Run", "type": "Fartlek", "duration_on": 60, "stress": 5}


@pytest.mark.parametrize(
    ("item", "language", "imperial", "summary", "description"),
    [
        (
            tempo(DAY, title="Tempo run"),
            "en",
            False,
            "Run · Tempo · 50 min",
            (
                "Tempo run\n"
                "Warm-up 10 min at 4:50 /km or slower\n"
                "2 × 9 min at 4:33–4:50 /km, 5 min easy at 5:22 /km or slower\n"
                "Cool-down 12 min at 5:22 /km or slower\n"
                "Total 50 min · stress 38 ESS"
            ),
        ),
        (
            tempo(DAY),
            "de",
            True,
            "Lauf · Tempo · 50 min",
            (
                "Aufwärmen 10 min (7:46 /mi oder langsamer)\n"
                "2 × 9 min (7:19–7:46 /mi), 5 min locker (8:38 /mi oder langsamer)\n"
                "Ausklang 12 min (8:38 /mi oder langsamer)\n"
                "Gesamt 50 min · Belastung 38 ESS"
            ),
        ),
        (
            vo2max_ride(DAY),
            "en",
            True,
            "Ride · VO2max · 1 h 15 min",
            (
                "Warm-up 15 min at up to 180 W\n"
                "5 × 3 min at 300–330 W, 3 min easy at up to 150 W\n"
                "Extra endurance 20 min at up to 200 W\n"
                "Cool-down 10 min at up to 150 W\n"
                "Total 1 h 15 min · stress 80 ESS"
            ),
        ),
        (
            endurance(DAY),
            "en",
            False,
            "Run · Endurance · 30 min",
            "Endurance 30 min at 4:50 /km or slower\nTotal 30 min · stress 26 ESS",
        ),
        (
            long_run(DAY, title="Long run"),
            "de",
            False,
            "Lauf · Lange Ausdauer · 1 h 45 min",
            (
                "Long run\n"
                "Lange Ausdauer 1 h 45 min (5:12 /km oder langsamer)\n"
                "Gesamt 1 h 45 min · Belastung 90 ESS"
            ),
        ),
        (
            swim(DAY, title="Swim"),
            "en",
            False,
            "Swim",
            "No structured steps for this workout in the plan.",
        ),
        (
            workout(DAY, {**SWIM_STEPS, "target_high": 1.0}),
            "en",
            False,
            "Swim · Endurance · 40 min",
            "Endurance 40 min at 1:40 /100 m or slower\nTotal 40 min · stress 30 ESS",
        ),
        (
            workout(DAY, {**SWIM_STEPS, "target_high": 1.0}),
            "de",
            True,
            "Schwimmen · Ausdauer · 40 min",
            (
                "Ausdauer 40 min (1:31 /100 yd oder langsamer)\n"
                "Gesamt 40 min · Belastung 30 ESS"
            ),
        ),
        # No activity, no type: the title, else "Workout".
        (workout(DAY, title="Strength"), "en", False, "Strength", None),
        (workout(DAY), "de", False, "Training", None),
        (
            workout(DAY, {"act_type": "Run", "stress": 12}),
            "en",
            False,
            "Run",
            "No structured steps for this workout in the plan.\nStress 12 ESS",
        ),
        # An interval type that gives only its total: one main block.
        (
            workout(DAY, THRESHOLD_TOTAL),
            "en",
            False,
            "Run · Threshold · 45 min",
            "Main set 45 min at 4:10–4:23 /km\nTotal 45 min",
        ),
        # Repeats without recoveries; missing repeats count once; unknown type.
        (
            workout(DAY, FARTLEK),
            "en",
            False,
            "Run · Fartlek · 1 min",
            "1 × 1 min\nTotal 1 min · stress 5 ESS",
        ),
    ],
)
def test_summary_and_description(
    item: Workout,
    language: str,
    *,
    imperial: bool,
    summary: str,
    description: str | None,
) -> None:
    view = workout_view(item, DE if language == "de" else EN, imperial=imperial)
    assert view.summary == summary
    if description is not None:
        assert view.description == description
    assert view.lines == tuple(line.text for line in view.structure)


def test_blocks_of_an_interval_run() -> None:
    view = workout_view(tempo(DAY, title="Tempo run"), EN, imperial=False)
    assert view.main_target_text == "4:33–4:50 /km"
    assert view.title == "Tempo run"
    assert [(b.label, b.repeat, b.repeats, b.zone) for b in view.blocks] == [
        ("Warm-up", None, None, Zone.RECOVERY),
        ("Interval", 1, 2, Zone.TEMPO),
        ("Recovery", 1, 2, Zone.RECOVERY),
        ("Interval", 2, 2, Zone.TEMPO),
        ("Recovery", 2, 2, Zone.RECOVERY),
        ("Cool-down", None, None, Zone.RECOVERY),
    ]
    assert [b.target_text for b in view.blocks[:2]] == [
        "4:50 /km or slower",
        "4:33–4:50 /km",
    ]
    assert sum(block.duration for block in view.blocks) == 3000
    german = workout_view(tempo(DAY), DE, imperial=False)
    assert [block.label for block in german.blocks[:3]] == [
        "Aufwärmen",
        "Intervall",
        "Erholung",
    ]


def test_blocks_and_zones() -> None:
    ride = workout_view(vo2max_ride(DAY), EN, imperial=False)
    assert [line.zone for line in ride.structure] == [
        Zone.RECOVERY,
        Zone.VO2MAX,
        Zone.ENDURANCE,
        Zone.RECOVERY,
    ]
    assert workout_view(long_run(DAY), DE, imperial=False).blocks[0].label == (
        "Lange Ausdauer"
    )
    no_steps = workout_view(swim(DAY), EN, imperial=False)
    assert (no_steps.blocks, no_steps.main_target_text) == ((), None)
    assert workout_view(endurance(DAY), EN, imperial=False).title is None
    assert [b.zone for b in workout_blocks(workout(DAY, THRESHOLD_TOTAL))] == [
        Zone.THRESHOLD
    ]
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
    assert [b.kind for b in blocks[:2]] == [BlockKind.ON, BlockKind.OFF]
    view = workout_view(huge, EN, imperial=False)
    assert view.lines == (f"{MAX_REPEATS} × 1 min, 30 s easy",)


def test_day_views() -> None:
    """Main workout first, the next one on rest days, each view built once."""
    monday, tuesday = date(2026, 11, 23), date(2026, 11, 24)
    friday = date(2026, 11, 27)
    morning_swim = swim(monday, title="Technique")
    views = PlanViews(
        plan(morning_swim, tempo(monday, title="Tempo run"), long_run(friday)),
        EN,
        imperial=False,
    )
    day = views.day(monday)
    assert day is views.day(monday)
    assert [view.summary for view in day.workouts] == [
        "Run · Tempo · 50 min",
        "Swim",
    ]
    assert day.main is day.workouts[0]
    assert day.next is None
    assert views.workout(morning_swim) is day.workouts[1]
    assert day.labels == {
        "date": "Mon 23 Nov 2026",
        "title": "Run · Tempo · 50 min",
        "subtitle": "Mon 23 Nov 2026 · 38 ESS · Tempo run · +1 more today",
        "rest_day": "Rest day",
        "next": "No workout planned",
        "next_date": "",
        "no_steps": "No structured steps in the plan",
        "no_steps_hint": "See AI Endurance for the details of this workout.",
        "zone": "Zone",
        "min": "min",
    }
    rest = views.day(tuesday)
    assert rest.main is None
    assert rest.workouts == ()
    assert rest.next is views.day(friday).main
    assert rest.labels["title"] == "Rest day"
    assert rest.labels["next"] == "Next: Run · Long endurance · 1 h 45 min"
    assert rest.labels["next_date"] == "Fri 27 Nov 2026"
    last = views.day(friday + timedelta(days=1))
    assert (last.next, last.labels["next"]) == (None, "No workout planned")
    german = PlanViews(views.plan, DE, imperial=False).day(tuesday)
    assert german.labels["next"] == "Als Nächstes: Lauf · Lange Ausdauer · 1 h 45 min"
    assert german.labels["subtitle"] == "Di., 24. Nov. 2026"


def test_views_serve_one_plan_language_and_unit_system() -> None:
    views = PlanViews(plan(), EN, imperial=False)
    assert views.serves(views.plan, EN, imperial=False)
    assert not views.serves(plan(), EN, imperial=False)  # another plan object
    assert not views.serves(views.plan, DE, imperial=False)
    assert not views.serves(views.plan, EN, imperial=True)


def test_missing_phrase_reads_as_its_key() -> None:
    assert Phrases()("rest_day") == "rest_day"
    assert Phrases({"next": "Next: {summary}"})("next", summary="Swim") == "Next: Swim"


@pytest.mark.parametrize("language", ["en", "de"])
def test_phrases_keep_to_the_hassfest_schema(language: str) -> None:
    """`common`: slug keys, texts without edge spaces, placeholders identifiers."""
    for key, text in load_phrases(language).templates.items():
        assert cv.slug(key) == key
        assert text == text.strip(), key
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        assert all(name.isidentifier() for name in fields), key


class _Recording(Mapping[str, str]):
    """A phrase table that notes which keys were asked for."""

    def __init__(self, templates: Mapping[str, str]) -> None:
        self.templates = templates
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.used.add(key)
        return self.templates[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.templates)

    def __len__(self) -> int:
        return len(self.templates)


def test_every_phrase_is_used_and_shipped() -> None:
    """Every phrase the texts ask for is shipped, and every shipped one is asked for."""
    strings = Path(__file__).parent.parent / "custom_components/ai_endurance"
    common = json.loads((strings / "strings.json").read_text(encoding="utf-8"))
    recording = _Recording(common["common"])
    phrases = Phrases(recording)
    samples = [
        tempo(DAY, title="Tempo run"),
        vo2max_ride(DAY),
        long_run(DAY),
        endurance("2025-10-15"),
        swim(DAY),
        workout(DAY),
        workout(DAY, {"act_type": "Run", "stress": 12}),
        workout(DAY, {"act_type": "Run", "type": "Threshold", "duration": 60}),
        workout(DAY, {"act_type": "Run", "type": "Anaerobic", "duration_on": 90}),
    ]
    views = PlanViews(plan(*samples), phrases, imperial=False)
    for offset in range(-1, 3):  # a day before, two workout days, one after
        views.day(date(2025, 10, 14) + timedelta(days=offset))
    for offset in range(7):
        format_day(date(2025, 1, 6) + timedelta(days=offset), phrases)
    for month in range(1, 13):
        format_day(date(2025, month, 1), phrases)
    format_duration(30, phrases)
    format_duration(3600, phrases)
    format_target(Target(None, 200, TargetKind.POWER), phrases, imperial=False)
    format_target(Target(400, None, TargetKind.POWER), phrases, imperial=False)
    format_target(pace(290, None), phrases, imperial=False)
    shipped = set(common["common"])
    assert recording.used <= shipped
    # What this module does not ask for is the workout runner's (tested there).
    assert all(key.startswith("runner_") for key in shipped - recording.used)
