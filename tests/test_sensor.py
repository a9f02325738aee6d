# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Sensors against the simulator: a run, a ride, a swim and a rest day in both
unit systems and languages, the registry, the recorder, display units.

The plan: Mon 23 Nov 2026 the documented tempo run, Tue 24 a threshold ride on
power, Wed 25 a swim without steps, Thu 26 a rest day, Fri 27 an endurance run.
"""

from collections.abc import Iterator
from datetime import timedelta
import json
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.recorder import Recorder
from homeassistant.components.recorder.history import get_significant_states
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import METRIC_SYSTEM, US_CUSTOMARY_SYSTEM
import pytest
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.sensor_descriptions import (
    SENSORS,
    UNRECORDED_ATTRIBUTES,
)

from .conftest import SetupIntegration, endurance, interval, swim, week_plan

PREFIX = "sensor.ai_endurance_"
DAYS = {
    "run": "2026-11-23",
    "ride": "2026-11-24",
    "swim": "2026-11-25",
    "rest": "2026-11-26",
}
UNIT_SYSTEMS = {"metric": METRIC_SYSTEM, "imperial": US_CUSTOMARY_SYSTEM}
KEYS = {description.key for description in SENSORS} | {
    "pending_uploads",
    "last_synced",
}
"""The plan's sensors and the integration's own; the runner's have their tests."""


def _ours(entry: er.RegistryEntry) -> bool:
    return (
        entry.platform == DOMAIN
        and entry.domain == "sensor"
        and entry.unique_id.removeprefix("1_") in KEYS
    )


@pytest.fixture
def plan_json() -> list[dict[str, Any]]:
    """Return a run, a ride, a swim, a rest day and an endurance run."""
    ride = next(w for w in week_plan() if w["date"] == DAYS["ride"])
    return [
        interval(DAYS["run"], "Tempo"),
        ride,  # a threshold ride on power
        swim(DAYS["swim"]),
        endurance("2026-11-27"),
    ]


@pytest.fixture(name="entry_token")
def _entry_token(simulator_token: dict[str, Any]) -> dict[str, Any]:
    return simulator_token


@pytest.fixture
def mock_recorder_before_hass(request: pytest.FixtureRequest) -> None:
    """Prepare the recorder's database before Home Assistant, for `recorder_mock`."""
    if "recorder_mock" in request.fixturenames:
        request.getfixturevalue("recorder_db_url")


@pytest.fixture(autouse=True)
def enable_all_entities() -> Iterator[None]:
    """Enable the sensors that are disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


@pytest.fixture
def units() -> str:
    """Return the unit system of the test: "metric" unless parametrized."""
    return "metric"


@pytest.fixture
def language() -> str:
    """Return Home Assistant's language in the test: English unless parametrized."""
    return "en"


@pytest.fixture
async def sensor_states(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    *,
    day: str,
    units: str,
    language: str,
) -> dict[str, State]:
    """Set up on the morning of ``day``; return the state of every sensor."""
    hass.config.units = UNIT_SYSTEMS[units]
    hass.config.language = language
    freezer.move_to(f"{DAYS[day]}T08:00:00+01:00")
    await setup_simulator()
    return {
        entry.entity_id: _state(hass, entry.entity_id)
        for entry in sorted(
            entity_registry.entities.values(), key=lambda entry: entry.entity_id
        )
        if _ours(entry)
    }


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("units", ["metric", "imperial"])
@pytest.mark.parametrize("day", list(DAYS))
async def test_sensor_states(
    sensor_states: dict[str, State], snapshot: SnapshotAssertion
) -> None:
    """Every sensor's name, state and unit, one line each."""
    rows = {}
    for entity_id, state in sensor_states.items():
        unit = state.attributes.get("unit_of_measurement")
        rows[entity_id] = f"{state.name}: {state.state}" + (f" {unit}" if unit else "")
    assert rows == snapshot


@pytest.mark.parametrize("day", list(DAYS))
async def test_sensor_attributes(
    sensor_states: dict[str, State], snapshot: SnapshotAssertion
) -> None:
    """Every sensor's attributes (the same in every language and unit system)."""
    attributes = {
        entity_id: dict(state.attributes) for entity_id, state in sensor_states.items()
    }
    # Plain strings for enum keys and values: stable across HA versions.
    assert json.loads(json.dumps(attributes)) == snapshot


async def test_registry_entries(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Unique ids, translation keys, units and the sensors disabled by default."""
    entry = await setup_simulator()

    entries = [
        e
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if _ours(e)
    ]
    assert len(entries) == len(KEYS)
    disabled_by_default = {
        description.key
        for description in SENSORS
        if not description.entity_registry_enabled_default
    }
    assert disabled_by_default == {"pace_target_low_today", "power_target_low_today"}
    registry = {
        e.entity_id: {
            "unique_id": e.unique_id,
            "translation_key": e.translation_key,
            "original_device_class": e.original_device_class,
            "unit_of_measurement": e.unit_of_measurement,
            "capabilities": e.capabilities,
        }
        for e in sorted(entries, key=lambda e: e.entity_id)
    }
    assert json.loads(json.dumps(registry)) == snapshot


@pytest.mark.parametrize("day", ["run"])
async def test_recorder_leaves_out_the_structure(
    recorder_mock: Recorder, hass: HomeAssistant, sensor_states: dict[str, State]
) -> None:
    """The state keeps every attribute; the history only the small ones."""
    await async_wait_recording_done(hass)

    ids = [f"{PREFIX}workout_today", f"{PREFIX}workout_tomorrow"]
    history = await hass.async_add_executor_job(
        get_significant_states, hass, dt_util.utcnow() - timedelta(hours=1), None, ids
    )
    today = sensor_states[ids[0]].attributes
    assert set(today) >= UNRECORDED_ATTRIBUTES
    assert today["workouts"][0]["workout_type"] == "tempo"
    for entity_id in ids:
        recorded = history[entity_id][-1].attributes
        assert set(recorded) == {
            "date",
            "title",
            "activity",
            "long_run",
            "device_class",
            "friendly_name",
        }, entity_id
        assert recorded["date"] == _state(hass, entity_id).attributes["date"]


@pytest.mark.parametrize("day", ["run"])
@pytest.mark.parametrize(
    ("unit", "value"), [("km/h", 13.196), ("mph", 8.2), ("m/s", 3.67)]
)
@pytest.mark.usefixtures("sensor_states")
async def test_pace_in_the_display_unit_chosen(
    hass: HomeAssistant, entity_registry: er.EntityRegistry, unit: str, value: float
) -> None:
    """A speed sensor: a display unit picked in the UI converts the target."""
    entity_id = f"{PREFIX}pace_target_high_today"
    entity_registry.async_update_entity_options(
        entity_id, "sensor", {"unit_of_measurement": unit}
    )
    await hass.async_block_till_done()

    state = _state(hass, entity_id)
    assert state.attributes["unit_of_measurement"] == unit
    assert float(state.state) == pytest.approx(value, abs=0.01)


@pytest.mark.parametrize("plan_json", [[endurance("2026-11-25")]])
async def test_target_text_follows_a_language_change(
    hass: HomeAssistant, setup_simulator: SetupIntegration
) -> None:
    """Switching Home Assistant to German rewrites the target without a reload."""
    entry = await setup_simulator()
    coordinator = entry.runtime_data.coordinator
    entity_id = f"{PREFIX}target_today"
    assert _state(hass, entity_id).state == "4:50 /km or slower"
    english = coordinator.day_view(coordinator.today)
    assert coordinator.day_view(coordinator.today) is english  # built once

    await hass.config.async_update(language="de")
    await hass.async_block_till_done()
    assert _state(hass, entity_id).state == "4:50 /km oder langsamer"
    german = coordinator.day_view(coordinator.today)
    assert german is not english
    assert german.labels["date"] == "Mi., 25. Nov. 2026"


@pytest.mark.parametrize("plan_json", [[]])
async def test_empty_plan(
    hass: HomeAssistant, setup_simulator: SetupIntegration
) -> None:
    """An empty plan is all rest days, no target and nothing next."""
    await setup_simulator()

    for key in ("workout_today", "activity_today", "workout_tomorrow"):
        assert _state(hass, f"{PREFIX}{key}").state == "rest_day", key
    assert _state(hass, f"{PREFIX}duration_today").state == "0.0"
    assert _state(hass, f"{PREFIX}target_today").state == STATE_UNKNOWN
    assert _state(hass, f"{PREFIX}next_workout").state == STATE_UNKNOWN
    assert _state(hass, f"{PREFIX}next_workout").attributes["title"] is None


@pytest.mark.parametrize(
    ("plan_json", "state"),
    [
        ([endurance("2026-11-25", act_type=activity)], state)
        for activity, state in (
            ("Run", "run"),
            ("TrailRun", "run"),
            ("Ride", "ride"),
            ("VirtualRide", "ride"),
            ("Swim", "swim"),
            ("Rowing", "other"),
        )
    ],
)
async def test_activity_states(
    hass: HomeAssistant, setup_simulator: SetupIntegration, state: str
) -> None:
    """Activities map onto the translated states; unknown ones are "other"."""
    await setup_simulator()

    assert _state(hass, f"{PREFIX}activity_today").state == state
