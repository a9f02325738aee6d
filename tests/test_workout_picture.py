# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: RUF001  # the texts under test use en dashes on purpose
"""The picture of a day drawn as PNG (pure): decoded with Pillow.

Size, mode, the zone colours where the blocks stand, and the texts drawn
(recorded from `ImageDraw.text`; the pixels of antialiased text differ
between Pillow builds, so no pixel snapshots).
"""

from collections.abc import Iterator
from datetime import date
from io import BytesIO
from itertools import groupby
from typing import Any
from unittest.mock import patch

from PIL import Image, ImageDraw
import pytest
from syrupy.assertion import SnapshotAssertion

from custom_components.ai_endurance.presentation import DayView, PlanViews
from custom_components.ai_endurance.workout_picture import (
    LEFT,
    NEXT_CHART,
    RIGHT,
    WORKOUT_CHART,
    fit,
    font,
    render_day_png,
    tick_step,
)

from .conftest import load_phrases
from .workout_samples import long_run, plan, swim, tempo, vo2max_ride, workout

DAY = date(2026, 11, 25)
BACKGROUND = (17, 24, 39)
ZONE_1 = (148, 163, 184)
ZONE_2 = (56, 189, 248)
ZONE_3 = (74, 222, 128)
ZONE_5 = (251, 146, 60)
ZONES = {ZONE_1, ZONE_2, ZONE_3, ZONE_5, (250, 204, 21), (248, 113, 113)}
NO_STEPS = (55, 65, 81)
TEMPO_BARS = [ZONE_1, ZONE_3, ZONE_1, ZONE_3, ZONE_1, ZONE_1]
"""Warm-up, 2 x (tempo, recovery), cool-down."""
ENDURANCE_RIDE = {
    "act_type": "Ride",
    "type": "Endurance",
    "duration": 5400,
    "stress": 60,
    "target_high": 200,
}


def day_view(
    *workouts: Any, language: str = "en", imperial: bool = False, day: date = DAY
) -> DayView:
    """Return the view of `day` in a plan of `workouts`."""
    return PlanViews(plan(*workouts), load_phrases(language), imperial=imperial).day(
        day
    )


def decode(png: bytes) -> Image.Image:
    """Decode a picture: a 1000 x 500 RGB PNG."""
    picture = Image.open(BytesIO(png))
    assert picture.format == "PNG"
    assert picture.size == (1000, 500)
    assert picture.mode == "RGB"
    return picture


def runs(picture: Image.Image, y: float) -> list[tuple[tuple[int, int, int], int]]:
    """Return the colours along row `y` of the chart and how many pixels each spans.

    The gaps between bars (background) are left out.
    """
    row = [picture.getpixel((x, round(y))) for x in range(LEFT, RIGHT + 1)]
    return [
        (colour, len(list(pixels)))
        for colour, pixels in groupby(row)
        if colour != BACKGROUND
    ]  # type: ignore[misc]


def colours(picture: Image.Image) -> set[tuple[int, int, int]]:
    """Return every colour of a picture."""
    return {colour for _, colour in picture.getcolors(maxcolors=1 << 20) or []}  # type: ignore[misc]


@pytest.fixture
def drawn() -> Iterator[list[str]]:
    """Record the texts the pictures draw, in order."""
    texts: list[str] = []
    draw_text = ImageDraw.ImageDraw.text

    def record(self: ImageDraw.ImageDraw, xy: Any, text: str, **kwargs: Any) -> None:
        texts.append(text)
        draw_text(self, xy, text, **kwargs)

    with patch.object(ImageDraw.ImageDraw, "text", record):
        yield texts


def test_tick_steps() -> None:
    assert tick_step(30) == 5
    assert tick_step(50) == 10
    assert tick_step(105) == 15
    assert tick_step(400) == 60
    assert tick_step(2000) == 360  # longer than any plan: still at most 8 ticks


def test_interval_run(drawn: list[str], snapshot: SnapshotAssertion) -> None:
    picture = decode(render_day_png(day_view(tempo(DAY, title="Tempo Run"))))
    assert drawn == snapshot
    assert drawn[:3] == [
        "Run · Tempo · 50 min",
        "Wed 25 Nov 2026 · 38 ESS · Tempo Run",
        "Zone 1",
    ]
    assert "4:33–4:50 /km" in drawn
    assert drawn[-3:] == [
        "Warm-up 10 min at 4:50 /km or slower",
        "2 × 9 min at 4:33–4:50 /km, 5 min easy at 5:22 /km or slower",
        "Cool-down 12 min at 5:22 /km or slower",
    ]
    # Warm-up, 2 x (on, off), cool-down, as wide as they last (920 px for
    # 3000 s, 2 px gaps); only the tempo bars reach half the chart's height.
    bottom = runs(picture, WORKOUT_CHART.baseline - 30)
    assert [colour for colour, _ in bottom] == TEMPO_BARS
    for (_, width), seconds in zip(bottom, (600, 540, 300, 540, 300, 720), strict=True):
        assert width == pytest.approx(seconds * 920 / 3000 - 2, abs=1.5)
    middle = (WORKOUT_CHART.baseline + WORKOUT_CHART.top) / 2
    assert [colour for colour, _ in runs(picture, middle)] == [ZONE_3, ZONE_3]
    assert len(colours(picture)) > 50  # antialiased text, not a blank picture


def test_vo2max_ride_in_german_and_miles(
    drawn: list[str], snapshot: SnapshotAssertion
) -> None:
    """Watts stay watts in miles; every label in German, umlauts drawn."""
    picture = decode(
        render_day_png(day_view(vo2max_ride(DAY), language="de", imperial=True))
    )
    assert drawn == snapshot
    assert drawn[:2] == [
        "Radfahrt · VO2max · 1 h 15 min",
        "Mi., 25. Nov. 2026 · 80 ESS",
    ]
    assert "300–330 W" in drawn
    assert "Zusätzliche Ausdauer 20 min (bis 200 W)" in drawn
    assert "70 min" in drawn
    bottom = [colour for colour, _ in runs(picture, WORKOUT_CHART.baseline - 30)]
    assert bottom == [ZONE_1, *[ZONE_5, ZONE_1] * 5, ZONE_2, ZONE_1]


def test_endurance_ride(drawn: list[str]) -> None:
    picture = decode(render_day_png(day_view(workout(DAY, ENDURANCE_RIDE))))
    assert drawn[:2] == ["Ride · Endurance · 1 h 30 min", "Wed 25 Nov 2026 · 60 ESS"]
    assert drawn[2:5] == ["Zone 2", "up to 200 W", "0"]
    assert drawn[-2:] == ["90 min", "Endurance 1 h 30 min at up to 200 W"]
    # One bar across the chart, no taller than zone 2.
    assert runs(picture, WORKOUT_CHART.baseline - 30) == [(ZONE_2, 919)]
    assert (
        not {colour for colour, _ in runs(picture, WORKOUT_CHART.baseline - 90)} & ZONES
    )


def test_long_run_in_miles(drawn: list[str]) -> None:
    decode(render_day_png(day_view(long_run(DAY), imperial=True)))
    assert drawn[:2] == [
        "Run · Long endurance · 1 h 45 min",
        "Wed 25 Nov 2026 · 90 ESS",
    ]
    assert "8:23 /mi or slower" in drawn
    assert drawn[-1] == "Long endurance 1 h 45 min at 8:23 /mi or slower"


def test_rest_day(drawn: list[str], snapshot: SnapshotAssertion) -> None:
    """The next workout and its bars, without a legend."""
    picture = decode(render_day_png(day_view(tempo(date(2026, 11, 26)))))
    assert drawn == snapshot
    assert drawn[:4] == [
        "Rest day",
        "Wed 25 Nov 2026",
        "Next: Run · Tempo · 50 min",
        "Thu 26 Nov 2026",
    ]
    assert drawn[-1] == "50 min"
    assert [colour for colour, _ in runs(picture, NEXT_CHART.baseline - 30)] == (
        TEMPO_BARS
    )
    assert (
        not {colour for colour, _ in runs(picture, WORKOUT_CHART.baseline - 30)} & ZONES
    )


def test_rest_day_without_a_next_workout(drawn: list[str]) -> None:
    picture = decode(render_day_png(day_view(language="de")))
    assert drawn == ["Ruhetag", "Mi., 25. Nov. 2026", "Kein Training geplant", ""]
    assert not colours(picture) & ZONES


def test_next_workout_without_steps(drawn: list[str]) -> None:
    decode(render_day_png(day_view(swim(date(2026, 11, 27)))))
    assert drawn == ["Rest day", "Wed 25 Nov 2026", "Next: Swim", "Fri 27 Nov 2026"]


def test_swim_without_steps(drawn: list[str]) -> None:
    picture = decode(render_day_png(day_view(swim(DAY))))
    assert drawn == [
        "Swim",
        "Wed 25 Nov 2026",
        "No structured steps in the plan",
        "See AI Endurance for the details of this workout.",
    ]
    assert NO_STEPS in colours(picture)
    assert not colours(picture) & ZONES


def test_narrow_bars_have_no_labels(drawn: list[str]) -> None:
    """Targets and zones that do not fit their bar stay in the legend only."""
    short = workout(
        DAY,
        {
            "act_type": "Run",
            "type": "Anaerobic",
            "repeats": 1,
            "duration_warmup": 3600,
            "duration_on": 30,
            "target_on_low": 5.0,
            "target_on_high": 5.5,
        },
    )
    decode(render_day_png(day_view(short)))
    assert "3:02–3:20 /km" not in drawn[:-2]
    assert "Zone 6" not in drawn
    assert drawn[-1] == "1 × 30 s at 3:02–3:20 /km"


def test_long_texts_are_cut() -> None:
    title = "Hills and more hills " * 10
    cut = fit(title, 36, 920)
    assert cut.endswith("…")
    assert title.startswith(cut.removesuffix("…"))
    assert font(36).getlength(cut) <= 920
    assert fit("Swim", 36, 920) == "Swim"


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_font_draws_every_character(language: str) -> None:
    """Every character of the phrases, units and targets has a glyph.

    The font Pillow ships would draw the en dash, the multiplication sign
    and the umlauts as boxes.
    """
    characters = set("".join(load_phrases(language).templates.values()))
    characters |= set("0123456789:–×·…/kmiydW+")
    face = font(20)
    missing = bytes(face.getmask("\uffff"))
    assert [c for c in sorted(characters) if bytes(face.getmask(c)) == missing] == []
