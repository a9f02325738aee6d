# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The automation blueprints: they parse with Home Assistant's blueprint schema
and, set up against the integration, do what they promise.

Today is Wednesday 25 November 2026 in Berlin (see tests/conftest.py): a swim
without steps and the documented tempo run; Thursday a VO2max run, Friday
rest, Saturday an anaerobic ride.
"""

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
import shutil
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er, template
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, yaml as yaml_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)

from custom_components.ai_endurance.const import DOMAIN

from .conftest import WORKOUTS_URL, SetupIntegration, endurance, week_plan

BLUEPRINTS = Path(__file__).parent.parent / "blueprints" / "automation" / DOMAIN
FILES = sorted(BLUEPRINTS.glob("*.yaml"))
BERLIN = dt_util.get_time_zone("Europe/Berlin")


def load(path: Path) -> models.Blueprint:
    """Load a blueprint the way Home Assistant does."""
    data = yaml_util.load_yaml_dict(path)
    return models.Blueprint(
        data,
        path=str(path),
        expected_domain=AUTOMATION_DOMAIN,
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )


def test_there_are_blueprints() -> None:
    assert [path.name for path in FILES] == [
        "before_indoor_ride.yaml",
        "morning_workout_notification.yaml",
        "workout_plan_changed.yaml",
    ]


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_blueprint_schema(path: Path) -> None:
    blueprint = load(path)
    assert blueprint.domain == AUTOMATION_DOMAIN
    assert blueprint.metadata["source_url"].endswith(f"/{DOMAIN}/{path.name}")
    # Every entity input of this integration is filtered to its entities.
    for name, spec in blueprint.inputs.items():
        selector = spec["selector"]
        if "entity" in selector and name != "switch_targets":
            for entity_filter in selector["entity"]["filter"]:
                assert entity_filter["integration"] == DOMAIN
    min_version = blueprint.metadata["homeassistant"]["min_version"]
    hacs = yaml_util.load_yaml_dict(str(BLUEPRINTS.parents[2] / "hacs.json"))
    assert min_version == hacs["homeassistant"]


# --- Set up against the integration ------------------------------------------


@pytest.fixture
def hass_config_dir(hass_tmp_config_dir: str) -> str:
    """Use a temporary config folder holding the blueprints."""
    target = Path(hass_tmp_config_dir) / "blueprints" / "automation" / DOMAIN
    target.mkdir(parents=True)
    for path in FILES:
        shutil.copy(path, target / path.name)
    return hass_tmp_config_dir


def entity_id(hass: HomeAssistant, domain: str, key: str) -> str:
    """Return the id of one of the integration's entities."""
    found = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"1_{key}")
    assert found is not None
    return found


async def use_blueprint(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    """Set up one automation from a blueprint (and the core actions it uses)."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: {
                "use_blueprint": {"path": f"{DOMAIN}/{name}.yaml", "input": inputs}
            }
        },
    )
    await hass.async_block_till_done()


async def move_to(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    *args: int,
    block: bool = True,
) -> None:
    """Move to a Berlin time and let the timers fire.

    `block=False` lets the loop run a little instead of waiting for every
    task: an automation in a `delay` would never finish.
    """
    freezer.move_to(datetime(*args, tzinfo=BERLIN))  # type: ignore[misc]
    async_fire_time_changed(hass)
    if block:
        await hass.async_block_till_done()
        return
    for _ in range(50):
        await asyncio.sleep(0)


async def stop_automations(hass: HomeAssistant) -> None:
    """Detach the triggers before the test ends (no lingering timers)."""
    await hass.services.async_call(
        AUTOMATION_DOMAIN, "turn_off", {"entity_id": "all"}, blocking=True
    )


@pytest.fixture
def phone(hass: HomeAssistant) -> str:
    """Register a phone with the Home Assistant app; return its device id."""
    entry = MockConfigEntry(domain="mobile_app", title="Phone")
    entry.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=entry.entry_id, identifiers={("mobile_app", "phone")}
    )
    return device.id


@pytest.fixture
def notifications() -> Iterator[list[dict[str, str]]]:
    """Catch the app's notify device action; return the rendered notifications."""
    sent: list[dict[str, str]] = []

    async def notify(
        hass: HomeAssistant, config: dict[str, Any], variables: Any, context: Any
    ) -> None:
        sent.append(
            {
                key: template.render_complex(config[key], variables)
                for key in ("title", "message")
            }
        )

    with patch(
        "homeassistant.components.mobile_app.device_action.async_call_action_from_config",
        AsyncMock(side_effect=notify),
    ):
        yield sent


@pytest.mark.usefixtures("mock_workouts")
@pytest.mark.parametrize(
    ("activity", "keyword", "expected"),
    [
        ("Run", "", STATE_ON),
        ("Run", "TEMPO", STATE_ON),
        ("Run", "zwift", STATE_OFF),
        ("Ride", "", STATE_OFF),
    ],
)
async def test_before_indoor_ride(
    hass: HomeAssistant,
    *,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
    activity: str,
    keyword: str,
    expected: str,
) -> None:
    await setup_integration()
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"trainer": {}}}
    )
    await use_blueprint(
        hass,
        "before_indoor_ride",
        {
            "workout_calendar": entity_id(hass, "calendar", "workouts"),
            "ride_time": "18:00:00",
            "lead_minutes": 10,
            "activity": activity,
            "keyword": keyword,
            "switch_targets": {"entity_id": "input_boolean.trainer"},
            "switch_off_after": 0,
        },
    )
    await move_to(hass, freezer, 2026, 11, 25, 17, 49, 50)
    assert hass.states.get("input_boolean.trainer").state == STATE_OFF  # type: ignore[union-attr]
    await move_to(hass, freezer, 2026, 11, 25, 17, 50, 0)
    assert hass.states.get("input_boolean.trainer").state == expected  # type: ignore[union-attr]
    await stop_automations(hass)


@pytest.mark.usefixtures("mock_workouts")
async def test_before_indoor_ride_across_midnight_and_off_again(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 00:15 ride with 30 minutes' lead: the trigger is the evening before."""
    await setup_integration()
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"fan": {}}}
    )
    await use_blueprint(
        hass,
        "before_indoor_ride",
        {
            "workout_calendar": entity_id(hass, "calendar", "workouts"),
            "ride_time": "00:15:00",
            "lead_minutes": 30,
            "activity": "Ride",
            "switch_targets": {"entity_id": "input_boolean.fan"},
            "switch_off_after": 60,
        },
    )
    # Thursday 23:45: Friday is a rest day.
    await move_to(hass, freezer, 2026, 11, 26, 23, 45, 0)
    assert hass.states.get("input_boolean.fan").state == STATE_OFF  # type: ignore[union-attr]
    # Friday 23:45: Saturday's anaerobic ride is 30 minutes away.
    await move_to(hass, freezer, 2026, 11, 27, 23, 45, 0, block=False)
    assert hass.states.get("input_boolean.fan").state == STATE_ON  # type: ignore[union-attr]
    await move_to(hass, freezer, 2026, 11, 28, 0, 45, 1)
    assert hass.states.get("input_boolean.fan").state == STATE_OFF  # type: ignore[union-attr]
    await stop_automations(hass)


@pytest.mark.usefixtures("mock_workouts")
async def test_morning_notification(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
    phone: str,
    notifications: list[dict[str, str]],
) -> None:
    await setup_integration()
    await use_blueprint(
        hass,
        "morning_workout_notification",
        {
            "workout_calendar": entity_id(hass, "calendar", "workouts"),
            "notify_time": "09:00:00",
            "notify_device": phone,
            "notify_on_rest_days": True,
        },
    )
    await move_to(hass, freezer, 2026, 11, 25, 9, 0, 0)
    assert len(notifications) == 1
    assert notifications[0]["title"] == (
        "Today: Technique Swim 30 min + Run · Tempo · 50 min"
    )
    message = notifications[0]["message"]
    assert message.startswith("No structured steps for this workout in the plan.\n\n")
    assert "Warm-up 10 min at 4:50/km or slower (7:46/mi)" in message

    # Friday is a rest day.
    await move_to(hass, freezer, 2026, 11, 27, 9, 0, 0)
    assert notifications[-1] == {
        "title": "Today: rest day",
        "message": "No workout planned today. Recover well.",
    }
    assert len(notifications) == 2
    await stop_automations(hass)


@pytest.mark.usefixtures("mock_workouts")
async def test_morning_notification_silent_on_rest_days(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
    phone: str,
    notifications: list[dict[str, str]],
) -> None:
    await setup_integration()
    await use_blueprint(
        hass,
        "morning_workout_notification",
        {
            "workout_calendar": entity_id(hass, "calendar", "workouts"),
            "notify_device": phone,
        },
    )
    await move_to(hass, freezer, 2026, 11, 27, 7, 0, 0)
    assert notifications == []
    await stop_automations(hass)


@pytest.mark.usefixtures("mock_workouts")
async def test_plan_changed_notification(
    hass: HomeAssistant,
    *,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
    phone: str,
    notifications: list[dict[str, str]],
) -> None:
    entry = await setup_integration()
    await use_blueprint(
        hass,
        "workout_plan_changed",
        {
            "workout_events": entity_id(hass, "event", "workout_updates"),
            "event_types": ["workout_added", "workout_removed"],
            "days_ahead": 2,
            "notify_device": phone,
        },
    )

    async def new_plan(workouts: list[dict[str, Any]]) -> None:
        aioclient_mock.clear_requests()
        aioclient_mock.get(WORKOUTS_URL, json=workouts)
        await entry.runtime_data.coordinator.async_refresh()
        await hass.async_block_till_done()

    workouts = week_plan()
    # Friday (in 2 days) gets a run, Sunday's (in 4 days) long run goes.
    friday = endurance("2026-11-27", duration=2400, title="Easy Run")
    await new_plan([*[w for w in workouts if w["date"] != "2026-11-29"], friday])
    assert notifications == [
        {"title": "New workout on 2026-11-27", "message": "Run · Endurance · 40 min"}
    ]
    # A change is not among the chosen event types.
    changed = [
        {**w, "title": "Other"} if w["date"] == "2026-11-26" else w for w in workouts
    ]
    await new_plan(changed)
    assert [n["title"] for n in notifications] == [
        "New workout on 2026-11-27",
        "Removed workout on 2026-11-27",
    ]
    await stop_automations(hass)
