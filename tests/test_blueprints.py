# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The automation blueprints: they parse with Home Assistant's blueprint schema
and, set up against the integration, do what they promise.

Today is Wednesday 25 November 2026 in Berlin (see tests/conftest.py): a swim
without steps and the documented tempo run; Thursday a VO2max run, Friday
rest, Saturday an anaerobic ride.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
import shutil
from typing import Any
from unittest.mock import AsyncMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.automation.config import AUTOMATION_BLUEPRINT_SCHEMA
from homeassistant.components.blueprint import models
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import device_registry as dr, entity_registry as er, template
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util, yaml as yaml_util
from PIL import Image
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.ai_endurance.const import DOMAIN

from .conftest import (
    WORKOUTS_URL,
    SetupIntegration,
    endurance,
    state_of,
    threshold_ride,
    week_plan,
)

BLUEPRINTS = Path(__file__).parent.parent / "blueprints" / "automation" / DOMAIN
FILES = sorted(BLUEPRINTS.glob("*.yaml"))
BERLIN = dt_util.get_time_zone("Europe/Berlin")
YOUR_DEVICES = {"fan", "lights", "media_player", "tts_engine", "trainer"}
"""Inputs that pick the user's own devices, not this integration's entities."""


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
        "announce_intervals.yaml",
        "before_indoor_ride.yaml",
        "fan_follows_workout.yaml",
        "lights_by_zone.yaml",
        "morning_workout_notification.yaml",
        "trainer_follows_targets.yaml",
        "workout_plan_changed.yaml",
    ]


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_blueprint_schema(path: Path) -> None:
    blueprint = load(path)
    assert blueprint.domain == AUTOMATION_DOMAIN
    assert blueprint.metadata["source_url"].endswith(f"/{DOMAIN}/{path.name}")
    # Every entity input of this integration is filtered to its entities;
    # the user's own devices to their domain.
    for name, spec in blueprint.inputs.items():
        selector = spec["selector"]
        if "entity" in selector and name in YOUR_DEVICES:
            for entity_filter in selector["entity"]["filter"]:
                assert set(entity_filter) == {"domain"}
        elif "entity" in selector:
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


type PlanBlueprint = Callable[[str, dict[str, Any]], Awaitable[None]]


@pytest.fixture
async def plan_blueprint(
    hass: HomeAssistant,
    mock_workouts: AiohttpClientMocker,
    setup_integration: SetupIntegration,
) -> AsyncIterator[PlanBlueprint]:
    """Return a function setting up the integration and a blueprint on its calendar.

    The automations stop when the test ends.
    """

    async def setup(name: str, inputs: dict[str, Any]) -> None:
        await setup_integration()
        calendar = entity_id(hass, "calendar", "workouts")
        await use_blueprint(hass, name, {"workout_calendar": calendar, **inputs})

    yield setup
    await stop_automations(hass)


type SwitchBeforeRide = Callable[..., Awaitable[str]]


@pytest.fixture
def switch_before_ride(
    hass: HomeAssistant, plan_blueprint: PlanBlueprint
) -> SwitchBeforeRide:
    """Return a function setting up `before_indoor_ride` on a new input boolean.

    It takes the switch's name and the blueprint's inputs; it returns the id.
    """

    async def setup(switch: str, **inputs: Any) -> str:
        assert await async_setup_component(
            hass, "input_boolean", {"input_boolean": {switch: {}}}
        )
        target = f"input_boolean.{switch}"
        await plan_blueprint(
            "before_indoor_ride", {"switch_targets": {"entity_id": target}, **inputs}
        )
        return target

    return setup


async def state_at(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, entity: str, *args: int
) -> str:
    """Move to a Berlin time, let the timers fire; return `entity`'s state."""
    await move_to(hass, freezer, *args)
    return state_of(hass, entity).state


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
    switch_before_ride: SwitchBeforeRide,
    freezer: FrozenDateTimeFactory,
    activity: str,
    keyword: str,
    expected: str,
) -> None:
    trainer = await switch_before_ride(
        "trainer",
        ride_time="18:00:00",
        lead_minutes=10,
        activity=activity,
        keyword=keyword,
        switch_off_after=0,
    )
    assert await state_at(hass, freezer, trainer, 2026, 11, 25, 17, 49, 50) == STATE_OFF
    assert await state_at(hass, freezer, trainer, 2026, 11, 25, 17, 50, 0) == expected


async def test_before_indoor_ride_across_midnight_and_off_again(
    hass: HomeAssistant,
    switch_before_ride: SwitchBeforeRide,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A 00:15 ride with 30 minutes' lead: the trigger is the evening before."""
    ride = {"ride_time": "00:15:00", "lead_minutes": 30, "activity": "Ride"}
    fan = await switch_before_ride("fan", switch_off_after=60, **ride)
    # Thursday 23:45: Friday is a rest day.
    assert await state_at(hass, freezer, fan, 2026, 11, 26, 23, 45, 0) == STATE_OFF
    # Friday 23:45: Saturday's anaerobic ride is 30 minutes away.
    await move_to(hass, freezer, 2026, 11, 27, 23, 45, 0, block=False)
    assert state_of(hass, fan).state == STATE_ON
    assert await state_at(hass, freezer, fan, 2026, 11, 28, 0, 45, 1) == STATE_OFF


async def test_morning_notification(
    hass: HomeAssistant,
    plan_blueprint: PlanBlueprint,
    freezer: FrozenDateTimeFactory,
    phone: str,
    notifications: list[dict[str, str]],
) -> None:
    await plan_blueprint(
        "morning_workout_notification",
        {
            "notify_time": "09:00:00",
            "notify_device": phone,
            "notify_on_rest_days": True,
        },
    )
    await move_to(hass, freezer, 2026, 11, 25, 9, 0, 0)
    assert len(notifications) == 1
    assert notifications[0]["title"] == "Today: Swim + Run · Tempo · 50 min"
    message = notifications[0]["message"]
    assert message.startswith(
        "Technique Swim 30 min\nNo structured steps for this workout in the plan.\n\n"
    )
    assert "Warm-up 10 min at 4:50 /km or slower" in message

    # Friday is a rest day.
    await move_to(hass, freezer, 2026, 11, 27, 9, 0, 0)
    assert notifications[-1] == {
        "title": "Today: rest day",
        "message": "No workout planned today. Recover well.",
    }
    assert len(notifications) == 2


async def test_morning_notification_silent_on_rest_days(
    hass: HomeAssistant,
    notifications: list[dict[str, str]],
    phone: str,
    plan_blueprint: PlanBlueprint,
    freezer: FrozenDateTimeFactory,
) -> None:
    await plan_blueprint("morning_workout_notification", {"notify_device": phone})
    await move_to(hass, freezer, 2026, 11, 27, 7, 0, 0)
    assert notifications == []


PUSH_URL = "https://mobile-push.home-assistant.dev/push"


@pytest.fixture
async def app_phone(
    hass: HomeAssistant, hass_admin_user: MockUser, aioclient_mock: AiohttpClientMocker
) -> str:
    """Register a phone with the real mobile_app; return its device id.

    Its notifications go to a mocked push service (`aioclient_mock`).
    """
    entry = MockConfigEntry(
        domain="mobile_app",
        source="registration",
        title="Phone",
        data={
            "app_data": {"push_token": "push-token", "push_url": PUSH_URL},
            "app_id": "io.homeassistant.mobile_app",
            "app_name": "Home Assistant",
            "app_version": "2026.11",
            "device_id": "phone",
            "device_name": "Phone",
            "manufacturer": "Google",
            "model": "Pixel",
            "os_name": "Android",
            "os_version": "16",
            "secret": "secret",
            "supports_encryption": False,
            "user_id": hass_admin_user.id,
            "webhook_id": "phone-webhook",
        },
    )
    entry.add_to_hass(hass)
    assert await async_setup_component(hass, "mobile_app", {})
    await hass.async_block_till_done()
    aioclient_mock.post(
        PUSH_URL,
        json={
            "rateLimits": {
                "successful": 1,
                "errors": 0,
                "maximum": 150,
                "resetsAt": "2026-11-26T00:00:00Z",
            }
        },
    )
    [device] = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device.id


async def test_morning_notification_pushes_the_picture(
    hass: HomeAssistant,
    *,
    plan_blueprint: PlanBlueprint,
    freezer: FrozenDateTimeFactory,
    app_phone: str,
    aioclient_mock: AiohttpClientMocker,
    hass_admin_user: MockUser,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    """Through mobile_app to the push service: the picture's path, on rest days too.

    The app fetches that path signed in and gets the PNG; the rest-day
    picture shows the next workout.
    """
    await plan_blueprint(
        "morning_workout_notification",
        {
            "notify_time": "09:00:00",
            "notify_device": app_phone,
            "notify_on_rest_days": True,
        },  # the picture: the input's default
    )

    def pushes() -> list[dict[str, Any]]:
        return [
            call[2] for call in aioclient_mock.mock_calls if str(call[1]) == PUSH_URL
        ]

    picture = entity_id(hass, "image", "workout_picture")
    await move_to(hass, freezer, 2026, 11, 25, 9, 0, 0)
    [push] = pushes()
    assert push["title"] == "Today: Swim + Run · Tempo · 50 min"
    assert push["data"] == {"image": f"/api/image_proxy/{picture}"}
    assert push["push_token"] == "push-token"
    # The app fetches the path signed in with its own token.
    app_login = await hass.auth.async_create_refresh_token(
        hass_admin_user, "https://home-assistant.io/android"
    )
    token = hass.auth.async_create_access_token(app_login)
    client = await hass_client_no_auth()
    response = await client.get(
        push["data"]["image"], headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == HTTPStatus.OK
    assert response.content_type == "image/png"
    assert Image.open(BytesIO(await response.read())).size == (1000, 500)

    await move_to(hass, freezer, 2026, 11, 27, 9, 0, 0)
    assert [(push["title"], push["data"]) for push in pushes()[1:]] == [
        ("Today: rest day", {"image": f"/api/image_proxy/{picture}"})
    ]


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
    # Friday (in 2 days) gets a run.
    friday = endurance("2026-11-27", duration=2400, title="Easy Run")
    await new_plan([*workouts, friday])
    assert notifications == [
        {"title": "New workout on 2026-11-27", "message": "Run · Endurance · 40 min"}
    ]
    # AI Endurance away and back: the restored event is not a new change.
    aioclient_mock.clear_requests()
    aioclient_mock.get(WORKOUTS_URL, status=HTTPStatus.INTERNAL_SERVER_ERROR)
    await entry.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    events = entity_id(hass, "event", "workout_updates")
    assert hass.states.get(events).state == STATE_UNAVAILABLE
    await new_plan([*workouts, friday])
    assert hass.states.get(events).attributes["date"] == "2026-11-27"
    # Sunday's (in 4 days) long run goes: too far ahead.
    await new_plan([*[w for w in workouts if w["date"] != "2026-11-29"], friday])
    assert len(notifications) == 1
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


# --- The workout runner's blueprints -----------------------------------------

RUN_EVENTS = "event.ai_endurance_workout_run"
FAN = "fan.trainer_fan"
LIGHTS = ["light.desk", "light.ceiling"]
SPEAKER = "media_player.kitchen"
VOICE = "tts.piper"
TRAINER = "number.trainer_target_power"
RUN_INPUTS: dict[str, dict[str, Any]] = {
    "fan_follows_workout": {"fan": FAN},
    "lights_by_zone": {"lights": LIGHTS, "brightness": 80},
    "announce_intervals": {"media_player": SPEAKER, "tts_engine": VOICE},
    "trainer_follows_targets": {"trainer": TRAINER},
}


class Devices:
    """A fan, lights, a speaker and a trainer as their services.

    Each call is recorded as `(action, data)`; the fan and the trainer take
    the state a real device would (the fan blueprint reads its speed).
    """

    def __init__(self, hass: HomeAssistant) -> None:
        """Register the services and the devices' first states."""
        self.hass = hass
        self.calls: list[tuple[str, dict[str, Any]]] = []
        hass.states.async_set(FAN, STATE_OFF, {"percentage": 0})
        hass.states.async_set(TRAINER, "100", {"min": 50, "max": 400})
        for action in (
            "fan.set_percentage",
            "fan.turn_off",
            "light.turn_on",
            "light.turn_off",
            "tts.speak",
            "number.set_value",
        ):
            hass.services.async_register(*action.split("."), self._handle)

    async def _handle(self, call: ServiceCall) -> None:
        data = dict(call.data)
        self.calls.append((f"{call.domain}.{call.service}", data))
        if call.service == "set_percentage":
            self.hass.states.async_set(
                FAN, STATE_ON, {"percentage": data["percentage"]}
            )
        elif call.domain == "fan":
            self.hass.states.async_set(FAN, STATE_OFF, {"percentage": 0})
        elif call.domain == "number":
            attributes = self.hass.states.get(TRAINER).attributes  # type: ignore[union-attr]
            self.hass.states.async_set(TRAINER, str(data["value"]), attributes)

    def take(self) -> list[tuple[str, dict[str, Any]]]:
        """Return the calls since the last take."""
        calls, self.calls = self.calls, []
        return calls


@pytest.fixture
def devices(hass: HomeAssistant) -> Devices:
    """The user's devices the runner's blueprints drive."""
    return Devices(hass)


def step(
    kind: str,
    zone: int,
    *,
    low: float | None = None,
    high: float | None = None,
    unit: str | None = "W",
    sport: str = "ride",
    ends_at: str = "2026-11-25T07:10:00+00:00",
    announcement: str = "",
) -> dict[str, Any]:
    """Return a step's event data as the runner's event entity carries it."""
    return {
        "step": kind,
        "zone": zone,
        "target_low": low,
        "target_high": high,
        "target_unit": unit,
        "sport": sport,
        "ends_at": ends_at,
        "announcement": announcement,
    }


INTERVAL_1 = "Interval 1 of 3: 9 min at 250–265 W"  # noqa: RUF001 (the en dash)
WARM_UP = step(
    "warm_up",
    1,
    high=190,
    ends_at="2026-11-25T07:10:00+00:00",
    announcement="Warm-up: 10 min up to 190 W",
)
FIRST_ON = step(
    "on",
    4,
    low=250,
    high=265,
    ends_at="2026-11-25T07:19:00+00:00",
    announcement=INTERVAL_1,
)


async def fire(
    hass: HomeAssistant, event_type: str, data: dict[str, Any], *, age: float = 0
) -> None:
    """Set the run's event entity as an event `age` seconds ago leaves it."""
    fired = dt_util.utcnow() - timedelta(seconds=age)
    hass.states.async_set(
        RUN_EVENTS, fired.isoformat(), {"event_type": event_type, **data}
    )
    await hass.async_block_till_done()


async def use_run_blueprint(hass: HomeAssistant, name: str) -> None:
    """Set up one of the runner's blueprints on the run's event entity."""
    await use_blueprint(hass, name, {"workout_run": RUN_EVENTS, **RUN_INPUTS[name]})


async def test_fan_follows_the_workout(hass: HomeAssistant, devices: Devices) -> None:
    await use_run_blueprint(hass, "fan_follows_workout")
    await fire(hass, "workout_started", {})
    assert devices.take() == []
    # The first step has no heads-up: its speed is set when it starts.
    await fire(hass, "step_started", WARM_UP)
    assert devices.take() == [
        ("fan.set_percentage", {"entity_id": [FAN], "percentage": 20})
    ]
    # The heads-up sets the next step's speed; its start changes nothing.
    await fire(hass, "step_ending", {**FIRST_ON, "seconds_left": 10})
    assert devices.take() == [
        ("fan.set_percentage", {"entity_id": [FAN], "percentage": 70})
    ]
    await fire(hass, "step_started", FIRST_ON)
    assert devices.take() == []
    # Switched off during a pause: on again at the resume.
    await fire(hass, "workout_paused", {})
    await hass.services.async_call("fan", "turn_off", {"entity_id": FAN}, blocking=True)
    devices.take()
    await fire(hass, "workout_resumed", FIRST_ON)
    assert devices.take() == [
        ("fan.set_percentage", {"entity_id": [FAN], "percentage": 70})
    ]
    # A reload: unavailable, then the last event restored, still fresh.
    await hass.services.async_call("fan", "turn_off", {"entity_id": FAN}, blocking=True)
    devices.take()
    last = hass.states.get(RUN_EVENTS)
    assert last is not None
    hass.states.async_set(RUN_EVENTS, STATE_UNAVAILABLE)
    hass.states.async_set(RUN_EVENTS, last.state, last.attributes)
    await hass.async_block_till_done()
    assert devices.take() == []
    # An old event (restored at a restart) and the heads-up of the end.
    await fire(hass, "step_ending", {**WARM_UP, "seconds_left": 10}, age=120)
    await fire(hass, "step_ending", {**step("finished", 0), "seconds_left": 10})
    assert devices.take() == []
    await fire(hass, "workout_finished", {})
    assert devices.take() == [("fan.turn_off", {"entity_id": [FAN]})]


@pytest.mark.parametrize(
    ("end", "turn_off_at_end"),
    [("workout_finished", True), ("workout_stopped", True), ("workout_stopped", False)],
)
async def test_lights_by_zone(
    hass: HomeAssistant, devices: Devices, end: str, turn_off_at_end: bool
) -> None:
    await use_blueprint(
        hass,
        "lights_by_zone",
        {
            "workout_run": RUN_EVENTS,
            **RUN_INPUTS["lights_by_zone"],
            "turn_off_at_end": turn_off_at_end,
        },
    )
    # Lights change when the step starts, not at the heads-up.
    await fire(hass, "step_started", WARM_UP)
    await fire(hass, "step_ending", {**FIRST_ON, "seconds_left": 10})
    await fire(hass, "step_started", FIRST_ON)
    await fire(hass, end, {})
    light = {"entity_id": LIGHTS, "brightness_pct": 80}
    off = [("light.turn_off", {"entity_id": LIGHTS})] if turn_off_at_end else []
    assert devices.take() == [
        ("light.turn_on", {**light, "rgb_color": [148, 163, 184]}),
        ("light.turn_on", {**light, "rgb_color": [250, 204, 21]}),
        *off,
    ]


async def test_announce_the_intervals(hass: HomeAssistant, devices: Devices) -> None:
    await use_run_blueprint(hass, "announce_intervals")
    await fire(hass, "workout_started", {})
    await fire(hass, "step_started", WARM_UP)
    await fire(hass, "step_ending", {**FIRST_ON, "seconds_left": 10})
    await fire(hass, "step_started", FIRST_ON)
    # A resume starts no announcement; a step without a heads-up does.
    await fire(hass, "workout_paused", {})
    await fire(hass, "workout_resumed", FIRST_ON)
    later = {**FIRST_ON, "ends_at": "2026-11-25T07:21:00+00:00"}
    await fire(hass, "step_started", later)
    speak = {"entity_id": [VOICE], "media_player_entity_id": SPEAKER}
    assert devices.take() == [
        ("tts.speak", {**speak, "message": "Warm-up: 10 min up to 190 W"}),
        ("tts.speak", {**speak, "message": INTERVAL_1}),
        ("tts.speak", {**speak, "message": INTERVAL_1}),
    ]


@pytest.mark.parametrize(
    ("target_point", "data", "expected"),
    [
        ("mid", FIRST_ON, 258),
        ("low", FIRST_ON, 250),
        ("high", FIRST_ON, 265),
        ("mid", WARM_UP, 190),
        ("low", step("on", 6, low=400), 400),
        # Within the trainer's range (50..400 W).
        ("high", step("on", 6, low=420, high=500), 400),
        ("low", step("off", 1, high=30), 50),
        # No power target on a ride, a run on running power, a pace target.
        ("mid", step("on", 4), None),
        ("mid", step("on", 4, low=330, high=345, sport="run"), None),
        ("mid", step("on", 3, low=3.45, high=3.67, unit="m/s", sport="run"), None),
    ],
)
async def test_trainer_follows_the_targets(
    hass: HomeAssistant,
    devices: Devices,
    target_point: str,
    data: dict[str, Any],
    expected: int | None,
) -> None:
    await use_blueprint(
        hass,
        "trainer_follows_targets",
        {"workout_run": RUN_EVENTS, "trainer": TRAINER, "target_point": target_point},
    )
    # The trainer changes when the step starts, not at the heads-up.
    await fire(hass, "step_ending", {**data, "seconds_left": 10})
    assert devices.take() == []
    await fire(hass, "step_started", data)
    calls = (
        []
        if expected is None
        else [("number.set_value", {"entity_id": [TRAINER], "value": expected})]
    )
    assert devices.take() == calls


def ride_today() -> list[dict[str, Any]]:
    """The test plan with today's tempo run a threshold ride: 3 x 9 min at 250-265 W."""
    ride = threshold_ride("2026-11-25")
    return [*(w for w in week_plan() if w["date"] != "2026-11-25"), ride]


@pytest.mark.usefixtures("mock_workouts")
@pytest.mark.parametrize("plan_json", [ride_today()])
async def test_the_room_follows_a_run(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
    devices: Devices,
) -> None:
    """The four blueprints on the real runner: Start, a step, a pause, Stop."""
    entry = await setup_integration()
    run_events = entity_id(hass, "event", "workout_run")
    assert await async_setup_component(hass, "homeassistant", {})
    automations = [
        {
            "use_blueprint": {
                "path": f"{DOMAIN}/{name}.yaml",
                "input": {**inputs, "workout_run": run_events},
            }
        }
        for name, inputs in RUN_INPUTS.items()
    ]
    assert await async_setup_component(
        hass, AUTOMATION_DOMAIN, {AUTOMATION_DOMAIN: automations}
    )
    await hass.async_block_till_done()

    async def press(key: str) -> None:
        button = entity_id(hass, "button", key)
        await hass.services.async_call(
            "button", "press", {"entity_id": button}, blocking=True
        )
        await hass.async_block_till_done()

    async def after(seconds: int) -> list[tuple[str, dict[str, Any]]]:
        freezer.tick(seconds)
        async_fire_time_changed(hass)
        # After a reload, the entities' first events come from setup tasks.
        for _ in range(2):
            await hass.async_block_till_done(wait_background_tasks=True)
        return sorted(devices.take(), key=lambda call: call[0])

    def announcement() -> str:
        text = hass.states.get(run_events).attributes["announcement"]  # type: ignore[union-attr]
        assert isinstance(text, str)
        return text

    speak = {"entity_id": [VOICE], "media_player_entity_id": SPEAKER}
    light = {"entity_id": LIGHTS, "brightness_pct": 80}
    # Start: the warm-up (up to 190 W, zone 1) has no heads-up before it.
    await press("start_workout")
    assert await after(0) == [
        ("fan.set_percentage", {"entity_id": [FAN], "percentage": 20}),
        ("light.turn_on", {**light, "rgb_color": [148, 163, 184]}),
        ("number.set_value", {"entity_id": [TRAINER], "value": 190}),
        ("tts.speak", {**speak, "message": announcement()}),
    ]
    # Ten seconds before the first interval: the fan and the voice.
    assert await after(589) == []
    calls = await after(1)
    assert "250–265 W" in announcement()  # noqa: RUF001 (the en dash)
    assert calls == [
        ("fan.set_percentage", {"entity_id": [FAN], "percentage": 70}),
        ("tts.speak", {**speak, "message": announcement()}),
    ]
    # The interval (zone 4): the lights and the trainer.
    assert await after(10) == [
        ("light.turn_on", {**light, "rgb_color": [250, 204, 21]}),
        ("number.set_value", {"entity_id": [TRAINER], "value": 258}),
    ]
    # A pause stops nothing; the resume sets the step again where needed.
    await press("pause_workout")
    assert await after(60) == []
    await press("resume_workout")
    assert await after(0) == [
        ("light.turn_on", {**light, "rgb_color": [250, 204, 21]}),
        ("number.set_value", {"entity_id": [TRAINER], "value": 258}),
    ]
    # A restart (the entry reloads) in the interval: the step is told again.
    assert await hass.config_entries.async_reload(entry.entry_id)
    calls = await after(0)
    assert calls == [
        ("light.turn_on", {**light, "rgb_color": [250, 204, 21]}),
        ("number.set_value", {"entity_id": [TRAINER], "value": 258}),
        ("tts.speak", {**speak, "message": announcement()}),
    ]
    # Stop: the fan and the lights go off.
    await press("stop_workout")
    assert await after(0) == [
        ("fan.turn_off", {"entity_id": [FAN]}),
        ("light.turn_off", {"entity_id": LIGHTS}),
    ]
    await stop_automations(hass)
