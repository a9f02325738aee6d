# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The image entity: today's picture as PNG over HTTP, rendered once per change.

Today is Wednesday 25 November 2026 in Berlin (see tests/conftest.py): a
swim without steps and the documented tempo run (the main workout), against
the simulator.
"""

import asyncio
from collections.abc import Callable, Iterator
from datetime import datetime
from http import HTTPStatus
import threading
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ai_endurance import image
from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.presentation import DayView
from custom_components.ai_endurance.workout_picture import render_day_png
from simulator.testing import SimulatorServer

from .conftest import SetupIntegration, advance, endurance, week_plan
from .test_workout_picture import colours, decode

BERLIN = dt_util.get_time_zone("Europe/Berlin")
PICTURE = "image.ai_endurance_workout_picture"


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
    *,
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
