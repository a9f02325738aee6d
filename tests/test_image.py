# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: RUF001  # the texts under test use en dashes on purpose
"""The picture of today's workout: PNG rendering and the image entity.

The pictures are decoded with Pillow: size, mode, the zone colours where the
blocks stand, and the texts drawn (recorded from `ImageDraw.text`; the pixels
of antialiased text differ between Pillow builds, so no pixel snapshots).

Today is Wednesday 25 November 2026 in Berlin (see tests/conftest.py): a
swim without steps and the documented tempo run (the main workout).
"""

import asyncio
from collections.abc import Callable, Iterator
from datetime import date, datetime
from http import HTTPStatus
from io import BytesIO
from itertools import groupby
import threading
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from PIL import Image, ImageDraw
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.ai_endurance import image
from custom_components.ai_endurance.const import DOMAIN
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
from simulator.testing import SimulatorServer

from .conftest import SetupIntegration, advance, endurance, load_phrases, week_plan
from .workout_samples import long_run, plan, swim, tempo, vo2max_ride, workout

DAY = date(2026, 11, 25)
BERLIN = dt_util.get_time_zone("Europe/Berlin")
PICTURE = "image.ai_endurance_workout_picture"
BACKGROUND = (17, 24, 39)
ZONE_1 = (148, 163, 184)
ZONE_2 = (56, 189, 248)
ZONE_3 = (74, 222, 128)
ZONE_5 = (251, 146, 60)
ZONES = {ZONE_1, ZONE_2, ZONE_3, ZONE_5, (250, 204, 21), (248, 113, 113)}
NO_STEPS = (55, 65, 81)
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


# --- Pure: the pictures ---------------------------------------------------------


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
    assert [colour for colour, _ in bottom] == [
        ZONE_1,
        ZONE_3,
        ZONE_1,
        ZONE_3,
        ZONE_1,
        ZONE_1,
    ]
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
    assert drawn[:2] == ["Radfahrt · VO2max · 1 h 15 min", "Mi., 25. Nov. 2026 · 80 ESS"]
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
    assert not {colour for colour, _ in runs(picture, WORKOUT_CHART.baseline - 90)} & ZONES


def test_long_run_in_miles(drawn: list[str]) -> None:
    decode(render_day_png(day_view(long_run(DAY), imperial=True)))
    assert drawn[:2] == ["Run · Long endurance · 1 h 45 min", "Wed 25 Nov 2026 · 90 ESS"]
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
    bottom = runs(picture, NEXT_CHART.baseline - 30)
    assert [colour for colour, _ in bottom] == [ZONE_1, ZONE_3, ZONE_1, ZONE_3, ZONE_1, ZONE_1]
    assert not {colour for colour, _ in runs(picture, WORKOUT_CHART.baseline - 30)} & ZONES


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


# --- The entity -----------------------------------------------------------------


@pytest.fixture(name="entry_token")
def _entry_token(simulator_token: dict[str, Any]) -> dict[str, Any]:
    return simulator_token


class Renders:
    """Stands in for `render_day_png` in the image entity: records, then draws.

    A plain function, not a mock: the test harness runs mocks handed to the
    executor in the event loop, this runs in the executor.
    """

    def __init__(self) -> None:
        """Record nothing yet."""
        self.views: list[DayView] = []
        self.in_loop_thread = False
        self.meanwhile: Callable[[], None] | None = None

    def __call__(self, view: DayView) -> bytes:
        """Record the view, do what happens meanwhile, render."""
        self.views.append(view)
        self.in_loop_thread |= threading.current_thread() is threading.main_thread()
        if self.meanwhile is not None:
            self.meanwhile()
        return render_day_png(view)

    @property
    def titles(self) -> list[str]:
        """Return the title of each picture rendered so far."""
        return [view.labels["title"] for view in self.views]


@pytest.fixture
def renders() -> Iterator[Renders]:
    """Record the image entity's renders."""
    recorder = Renders()
    with patch.object(image, "render_day_png", recorder):
        yield recorder
    assert not recorder.in_loop_thread


def picture_id(hass: HomeAssistant) -> str:
    """Return the image entity's id (in German it is named in German)."""
    entity_id = er.async_get(hass).async_get_entity_id(
        "image", DOMAIN, "1_workout_picture"
    )
    assert entity_id is not None
    return entity_id


async def fetch(
    hass: HomeAssistant, client_factory: ClientSessionGenerator
) -> Image.Image:
    """Fetch the picture the way a picture-entity card does: entity_picture."""
    state = hass.states.get(picture_id(hass))
    assert state is not None
    client = await client_factory()
    response = await client.get(state.attributes["entity_picture"])
    assert response.status == HTTPStatus.OK
    assert response.content_type == "image/png"
    return decode(await response.read())


async def new_plan(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    simulator: SimulatorServer,
    workouts: list[dict[str, Any]],
) -> None:
    """Let the simulator serve `workouts` and refresh the coordinator."""
    simulator.state.replace_plan("1", workouts)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


async def test_served_as_png(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    renders: Renders,
) -> None:
    """The entity_picture URL carries an access token; the app's path needs a login."""
    await setup_simulator()
    assert picture_id(hass) == PICTURE
    state = hass.states.get(PICTURE)
    assert state is not None
    assert state.name == "AI Endurance Workout picture"
    assert state.attributes["entity_picture"].startswith(
        f"/api/image_proxy/{PICTURE}?token="
    )
    assert state.state == dt_util.utcnow().isoformat()
    assert renders.views == []  # nothing is drawn before someone looks
    picture = await fetch(hass, hass_client_no_auth)
    assert len(colours(picture)) > 50
    assert renders.titles == ["Run · Tempo · 50 min"]
    assert renders.views[-1].labels["subtitle"] == (
        "Wed 25 Nov 2026 · 38 ESS · Tempo Run · +1 more today"
    )
    # The notification's path: the app signs in, no token in the URL.
    client = await hass_client()
    response = await client.get(f"/api/image_proxy/{PICTURE}")
    assert response.status == HTTPStatus.OK
    assert response.content_type == "image/png"
    assert decode(await response.read()).tobytes() == picture.tobytes()
    client = await hass_client_no_auth()
    response = await client.get(f"/api/image_proxy/{PICTURE}")
    assert response.status == HTTPStatus.FORBIDDEN
    assert len(renders.views) == 1


async def test_rendered_once_per_workout_and_day(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    simulator: SimulatorServer,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    renders: Renders,
) -> None:
    entry = await setup_simulator()
    first_state = hass.states.get(PICTURE)
    assert first_state is not None
    # Requests at once wait for one render, later ones get the same bytes.
    first, again = await asyncio.gather(
        fetch(hass, hass_client_no_auth), fetch(hass, hass_client_no_auth)
    )
    assert (await fetch(hass, hass_client_no_auth)).tobytes() == first.tobytes()
    assert again.tobytes() == first.tobytes()
    assert len(renders.views) == 1

    # A poll with the same plan, and one that changes only another day.
    freezer.tick(60)
    await new_plan(hass, entry, simulator, week_plan())
    workouts = week_plan()
    workouts[-1] = {**workouts[-1], "title": "Strength and mobility"}
    await new_plan(hass, entry, simulator, workouts)
    state = hass.states.get(PICTURE)
    assert state is not None
    assert state.state == first_state.state
    assert (await fetch(hass, hass_client_no_auth)).tobytes() == first.tobytes()
    assert len(renders.views) == 1

    # Today's workout changes: a new picture and a new time stamp.
    freezer.tick(60)
    workouts[3] = {**workouts[3], "steps": {**workouts[3]["steps"], "repeats": 3}}
    await new_plan(hass, entry, simulator, workouts)
    state = hass.states.get(PICTURE)
    assert state is not None
    assert state.state != first_state.state
    changed = await fetch(hass, hass_client_no_auth)
    assert changed.tobytes() != first.tobytes()
    assert renders.titles == ["Run · Tempo · 50 min", "Run · Tempo · 1 h 4 min"]

    # Midnight: Thursday's run, then Friday's rest day and Saturday's ride.
    freezer.move_to(datetime(2026, 11, 26, 0, 0, 1, tzinfo=BERLIN))
    await advance(hass, freezer, 0)
    assert hass.states.get(PICTURE).state != state.state  # type: ignore[union-attr]
    await fetch(hass, hass_client_no_auth)
    freezer.move_to(datetime(2026, 11, 27, 0, 0, 1, tzinfo=BERLIN))
    await advance(hass, freezer, 0)
    await fetch(hass, hass_client_no_auth)
    await fetch(hass, hass_client_no_auth)
    assert renders.titles[2:] == ["Run · VO2max · 50 min", "Rest day"]
    rest_day: DayView = renders.views[-1]
    assert rest_day.labels["next"] == "Next: Ride · Anaerobic · 1 h 46 min"
    assert rest_day.labels["next_date"] == "Sat 28 Nov 2026"


async def test_changed_while_rendering_is_not_cached(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    simulator: SimulatorServer,
    hass_client_no_auth: ClientSessionGenerator,
    renders: Renders,
) -> None:
    """A picture of a view replaced during its render is served once, not kept."""
    entry = await setup_simulator()
    workouts = week_plan()
    workouts[3] = {**workouts[3], "steps": {**workouts[3]["steps"], "repeats": 3}}

    def change_the_plan() -> None:
        """Refresh to a new plan from the executor, while the picture is drawn."""
        simulator.state.replace_plan("1", workouts)
        refresh = entry.runtime_data.coordinator.async_refresh()
        asyncio.run_coroutine_threadsafe(refresh, hass.loop).result()

    renders.meanwhile = change_the_plan
    await fetch(hass, hass_client_no_auth)
    renders.meanwhile = None
    await fetch(hass, hass_client_no_auth)
    await fetch(hass, hass_client_no_auth)
    assert renders.titles == ["Run · Tempo · 50 min", "Run · Tempo · 1 h 4 min"]


@pytest.mark.parametrize("plan_json", [[endurance("2026-11-25")]])
async def test_language_and_units(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
    renders: Renders,
) -> None:
    """German and miles at setup; English in km after a change of both."""
    hass.config.units = US_CUSTOMARY_SYSTEM
    hass.config.language = "de"
    await setup_simulator()
    first_state = hass.states.get(picture_id(hass))
    await fetch(hass, hass_client_no_auth)
    german: DayView = renders.views[-1]
    assert german.labels["title"] == "Lauf · Ausdauer · 30 min"
    assert german.main is not None
    assert german.main.lines == ("Ausdauer 30 min (7:46 /mi oder langsamer)",)

    freezer.tick(60)
    await hass.config.async_update(language="en", unit_system="metric")
    await hass.async_block_till_done()
    state = hass.states.get(picture_id(hass))
    assert state is not None
    assert first_state is not None
    assert state.state != first_state.state
    await fetch(hass, hass_client_no_auth)
    english: DayView = renders.views[-1]
    assert english.main is not None
    assert english.main.lines == ("Endurance 30 min at 4:50 /km or slower",)
    assert len(renders.views) == 2
