# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: RUF001  # the texts under test use en dashes on purpose
"""The picture of today's workout: SVG rendering and the image entity.

Today is Wednesday 25 November 2026 in Berlin (see tests/conftest.py): a
swim without steps and the documented tempo run (the main workout).
"""

from datetime import date, datetime
from http import HTTPStatus
from typing import Any
from unittest.mock import patch
from xml.etree import ElementTree as ET

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.image import DOMAIN as IMAGE_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.ai_endurance import workout_image
from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.workout_image import (
    _tick_step,
    format_day,
    render_day,
    render_rest_day,
    render_workout,
)

from .conftest import WORKOUTS_URL, SetupIntegration, endurance, week_plan
from .workout_samples import long_run, swim, tempo, vo2max_ride, workout

DAY = date(2026, 11, 25)
BERLIN = dt_util.get_time_zone("Europe/Berlin")
SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    """Return the text elements of a picture (parsing it proves it is XML)."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    return [element.text or "" for element in root.iter(f"{SVG}text")]


# --- Pure: the pictures ---------------------------------------------------------


def test_format_day() -> None:
    assert format_day(DAY) == "Wed 25 Nov 2026"
    assert format_day(date(2027, 1, 3)) == "Sun 3 Jan 2027"


def test_tick_steps() -> None:
    assert _tick_step(30) == 5
    assert _tick_step(50) == 10
    assert _tick_step(105) == 15
    assert _tick_step(400) == 60
    assert _tick_step(2000) == 360  # longer than any plan: still at most 8 ticks


def test_interval_run(snapshot: SnapshotAssertion) -> None:
    svg = render_workout(DAY, tempo(DAY, title="Tempo Run"))
    assert svg == snapshot
    assert texts(svg) == [
        "Run · Tempo · 50 min",
        "Wed 25 Nov 2026 · 38 ESS · Tempo Run",
        "4:50/km or slower",
        "4:33–4:50/km",
        "5:22/km or slower",
        "0:00",
        "0:10",
        "0:20",
        "0:30",
        "0:40",
        "0:50",
        "Warm-up 10 min at 4:50/km or slower",
        "2 × 9 min at 4:33–4:50/km, 5 min easy at 5:22/km or slower",
        "Cool-down 12 min at 5:22/km or slower",
    ]
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.get("stroke")]
    # Warm-up, 2 x (on, off), cool-down; on bars are tempo green and taller.
    assert [bar.get("fill") for bar in bars] == [
        "#94a3b8",
        "#4ade80",
        "#94a3b8",
        "#4ade80",
        "#94a3b8",
        "#94a3b8",
    ]
    widths = [float(bar.get("width", 0)) for bar in bars]
    assert sum(widths) == pytest.approx(736, abs=0.5)
    assert float(bars[1].get("height", 0)) > float(bars[0].get("height", 0))


def test_interval_ride_in_miles_keeps_watts(snapshot: SnapshotAssertion) -> None:
    svg = render_workout(DAY, vo2max_ride(DAY), unit="mi")
    assert svg == snapshot
    assert "300–330 W" in texts(svg)
    assert "Extra endurance 20 min at up to 200 W" in texts(svg)


def test_pace_unit() -> None:
    assert "Long endurance 1 h 45 min at 8:23/mi or slower" in texts(
        render_workout(DAY, long_run(DAY), unit="mi")
    )
    swim_steps = workout(
        DAY,
        {"act_type": "Swim", "type": "Endurance", "duration": 1800, "target_high": 1},
    )
    assert "Endurance 30 min at 1:40/100m or slower" in texts(
        render_workout(DAY, swim_steps, unit="mi")
    )


def test_long_run(snapshot: SnapshotAssertion) -> None:
    svg = render_workout(DAY, long_run(DAY))
    assert svg == snapshot
    assert texts(svg)[:3] == [
        "Run · Long endurance · 1 h 45 min",
        "Wed 25 Nov 2026 · 90 ESS",
        "5:12/km or slower",
    ]


def test_swim_without_steps(snapshot: SnapshotAssertion) -> None:
    svg = render_workout(DAY, swim(DAY))
    assert svg == snapshot
    assert texts(svg) == [
        "Swim",
        "Wed 25 Nov 2026",
        "No structured steps in the plan",
        "See AI Endurance for the details of this swim.",
    ]
    assert "this workout." in texts(render_workout(DAY, workout(DAY)))[-1]


def test_rest_day(snapshot: SnapshotAssertion) -> None:
    svg = render_rest_day(DAY, tempo(date(2026, 11, 26)))
    assert svg == snapshot
    assert texts(svg) == [
        "Rest day",
        "Wed 25 Nov 2026",
        "Next: Run · Tempo · 50 min",
        "Thu 26 Nov 2026",
    ]
    assert texts(render_day(DAY, [], None)) == [
        "Rest day",
        "Wed 25 Nov 2026",
        "No workout planned",
    ]


def test_two_workouts_and_escaping() -> None:
    main = tempo(DAY, title='Hills <fast> & "hard"')
    svg = render_day(DAY, [main, swim(DAY)], None)
    assert (
        texts(svg)[1]
        == 'Wed 25 Nov 2026 · 38 ESS · Hills <fast> & "hard" · +1 more today'
    )
    assert "<fast>" not in svg
    assert "&lt;fast&gt; &amp;" in svg


def test_narrow_bars_have_no_labels() -> None:
    """Targets that do not fit their bar stay in the legend only."""
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
    labels = texts(render_workout(DAY, short))
    assert "3:02–3:20/km" not in labels[:4]
    assert "1 × 30 s at 3:02–3:20/km" in labels


# --- The entity -----------------------------------------------------------------


def image_id(hass: HomeAssistant) -> str:
    """Return the image entity's id."""
    entity_id = er.async_get(hass).async_get_entity_id(
        IMAGE_DOMAIN, DOMAIN, "1_workout_picture"
    )
    assert entity_id is not None
    return entity_id


async def fetch(
    hass: HomeAssistant, client_factory: ClientSessionGenerator
) -> tuple[str, bytes]:
    """Fetch the picture the way a picture-entity card does: entity_picture."""
    state = hass.states.get(image_id(hass))
    assert state is not None
    client = await client_factory()
    response = await client.get(state.attributes["entity_picture"])
    assert response.status == HTTPStatus.OK
    return response.content_type, await response.read()


async def new_plan(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    aioclient_mock: AiohttpClientMocker,
    workouts: list[dict[str, Any]],
) -> None:
    """Let the API answer `workouts` and refresh the coordinator."""
    aioclient_mock.clear_requests()
    aioclient_mock.get(WORKOUTS_URL, json=workouts)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()


@pytest.mark.usefixtures("mock_workouts")
async def test_served_through_the_image_proxy(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    hass_client_no_auth: ClientSessionGenerator,
    snapshot: SnapshotAssertion,
) -> None:
    """The entity_picture URL carries the access token: no login needed."""
    await setup_integration()
    state = hass.states.get(image_id(hass))
    assert state is not None
    assert state.name == "AI Endurance Workout picture"
    assert state.attributes["entity_picture"].startswith(
        f"/api/image_proxy/{image_id(hass)}?token="
    )
    assert state.state == dt_util.utcnow().isoformat()
    content_type, body = await fetch(hass, hass_client_no_auth)
    assert content_type == "image/svg+xml"
    assert body.decode() == snapshot
    assert texts(body.decode())[:2] == [
        "Run · Tempo · 50 min",
        "Wed 25 Nov 2026 · 38 ESS · Tempo Run · +1 more today",
    ]
    # Without the token: no picture.
    client = await hass_client_no_auth()
    response = await client.get(f"/api/image_proxy/{image_id(hass)}")
    assert response.status == HTTPStatus.FORBIDDEN


@pytest.mark.usefixtures("mock_workouts")
async def test_changes_only_with_the_workout(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    entry = await setup_integration()
    entity_id = image_id(hass)
    first_state = hass.states.get(entity_id)
    assert first_state is not None
    with patch.object(
        workout_image, "render_day", wraps=workout_image.render_day
    ) as render:
        _, first = await fetch(hass, hass_client_no_auth)
        _, again = await fetch(hass, hass_client_no_auth)
    assert first == again
    # Rendered at most once: the bytes are cached.
    assert render.call_count <= 1

    # A poll with the same plan, and one that changes only another day.
    freezer.tick(60)
    await new_plan(hass, entry, aioclient_mock, week_plan())
    workouts = week_plan()
    workouts[-1] = {**workouts[-1], "title": "Strength and mobility"}
    await new_plan(hass, entry, aioclient_mock, workouts)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state == first_state.state
    assert (await fetch(hass, hass_client_no_auth))[1] == first

    # Today's workout changes: a new picture and a new time stamp.
    freezer.tick(60)
    workouts[3] = {**workouts[3], "steps": {**workouts[3]["steps"], "repeats": 3}}
    await new_plan(hass, entry, aioclient_mock, workouts)
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state != first_state.state
    _, changed = await fetch(hass, hass_client_no_auth)
    assert changed != first
    assert texts(changed.decode())[0] == "Run · Tempo · 1 h 4 min"


@pytest.mark.usefixtures("mock_workouts")
async def test_midnight_and_rest_day(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    await setup_integration()
    entity_id = image_id(hass)
    first_state = hass.states.get(entity_id)
    assert first_state is not None

    freezer.move_to(datetime(2026, 11, 26, 0, 0, 1, tzinfo=BERLIN))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.state != first_state.state
    _, body = await fetch(hass, hass_client_no_auth)
    assert texts(body.decode())[0] == "Run · VO2Max · 50 min"

    freezer.move_to(datetime(2026, 11, 27, 0, 0, 1, tzinfo=BERLIN))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    _, body = await fetch(hass, hass_client_no_auth)
    assert texts(body.decode()) == [
        "Rest day",
        "Fri 27 Nov 2026",
        "Next: Ride · Anaerobic · 1 h 46 min",
        "Sat 28 Nov 2026",
    ]


async def test_miles_with_us_customary_units(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    hass.config.units = US_CUSTOMARY_SYSTEM
    aioclient_mock.get(WORKOUTS_URL, json=[endurance("2026-11-25")])
    await setup_integration()
    _, body = await fetch(hass, hass_client_no_auth)
    assert "Endurance 30 min at 7:46/mi or slower" in texts(body.decode())
