# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Sensors: a snapshot per day of the test week, rest days, unknown values."""

from collections.abc import Iterator
import json
from typing import Any
from unittest.mock import PropertyMock, patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
import pytest
from syrupy.assertion import SnapshotAssertion

from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.sensor import SENSORS

from .conftest import SetupIntegration, endurance, swim

PREFIX = "sensor.ai_endurance_1_"


@pytest.fixture(autouse=True)
def enable_all_entities() -> Iterator[None]:
    """Enable the sensors that are disabled by default."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


def _states(hass: HomeAssistant, entity_registry: er.EntityRegistry) -> dict[str, Any]:
    """Return state and attributes of every sensor of the integration."""
    result: dict[str, Any] = {}
    for entry in sorted(
        (
            e
            for e in entity_registry.entities.values()
            if e.platform == DOMAIN and e.domain == "sensor"
        ),
        key=lambda e: e.entity_id,
    ):
        state = hass.states.get(entry.entity_id)
        assert state is not None, entry.entity_id
        result[entry.entity_id] = {
            "state": state.state,
            "attributes": dict(state.attributes),
        }
    return _plain(result)


def _plain(data: Any) -> Any:
    """Turn enum keys and values into plain strings: stable across HA versions."""
    return json.loads(json.dumps(data))


@pytest.mark.usefixtures("mock_workouts")
@pytest.mark.parametrize(
    "day",
    [
        "2026-11-23",  # endurance run
        "2026-11-24",  # threshold ride, power targets
        "2026-11-25",  # tempo run and a swim: two workouts
        "2026-11-26",  # VO2max run on running power
        "2026-11-27",  # rest day
        "2026-11-28",  # anaerobic ride, only a lower bound on
        "2026-11-29",  # long endurance run
        "2026-11-30",  # unknown type ("other"), next week
    ],
)
async def test_sensors_per_day(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    entity_registry: er.EntityRegistry,
    freezer: FrozenDateTimeFactory,
    snapshot: SnapshotAssertion,
    *,
    day: str,
) -> None:
    """Every sensor's state and attributes on each day of the test plan."""
    freezer.move_to(f"{day}T08:00:00+01:00")
    await setup_integration()

    assert _states(hass, entity_registry) == snapshot


@pytest.mark.usefixtures("mock_workouts")
async def test_registry_entries(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Unique ids, translation keys, units and the sensors disabled by default."""
    entry = await setup_integration()

    entries = [
        e
        for e in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
        if e.domain == "sensor"
    ]
    # The plan's sensors, and the outbox's pending uploads.
    assert len(entries) == len(SENSORS) + 1
    disabled_by_default = {
        description.key
        for description in SENSORS
        if not description.entity_registry_enabled_default
    }
    assert disabled_by_default == {"pace_target_low_today", "power_target_low_today"}
    assert (
        _plain(
            {
                e.entity_id: {
                    "unique_id": e.unique_id,
                    "translation_key": e.translation_key,
                    "original_device_class": e.original_device_class,
                    "unit_of_measurement": e.unit_of_measurement,
                    "capabilities": e.capabilities,
                }
                for e in sorted(entries, key=lambda e: e.entity_id)
            }
        )
        == snapshot
    )


@pytest.mark.parametrize("plan_json", [[swim("2026-11-25")]])
@pytest.mark.usefixtures("mock_workouts")
async def test_workout_without_steps(
    hass: HomeAssistant, setup_integration: SetupIntegration
) -> None:
    """A swim without steps: activity known, everything else unknown."""
    await setup_integration()

    assert hass.states.get(f"{PREFIX}workout_today").state == "other"
    assert hass.states.get(f"{PREFIX}activity_today").state == "swim"
    for key in (
        "duration_today",
        "stress_today",
        "pace_target_high_today",
        "power_target_high_today",
        "next_workout",
    ):
        assert hass.states.get(f"{PREFIX}{key}").state == STATE_UNKNOWN, key
    assert hass.states.get(f"{PREFIX}planned_duration_this_week").state == "0.0"


@pytest.mark.parametrize("plan_json", [[]])
@pytest.mark.usefixtures("mock_workouts")
async def test_empty_plan(
    hass: HomeAssistant, setup_integration: SetupIntegration
) -> None:
    """An empty plan is all rest days and nothing next; the entry has no unique id."""
    await setup_integration()

    assert hass.states.get(f"{PREFIX}workout_today").state == "rest_day"
    assert hass.states.get(f"{PREFIX}activity_today").state == "rest_day"
    assert hass.states.get(f"{PREFIX}workout_tomorrow").state == "rest_day"
    assert hass.states.get(f"{PREFIX}duration_today").state == "0.0"
    assert hass.states.get(f"{PREFIX}next_workout").state == STATE_UNKNOWN
    assert hass.states.get(f"{PREFIX}next_workout").attributes["title"] is None


@pytest.mark.parametrize(
    ("activity", "state"),
    [
        ("Run", "run"),
        ("TrailRun", "run"),
        ("Ride", "ride"),
        ("VirtualRide", "ride"),
        ("Swim", "swim"),
        ("Rowing", "other"),
    ],
)
async def test_activity_states(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: Any,
    activity: str,
    state: str,
) -> None:
    """Activities map onto the translated states; unknown ones are "other"."""
    from .conftest import WORKOUTS_URL  # noqa: PLC0415

    aioclient_mock.get(WORKOUTS_URL, json=[endurance("2026-11-25", act_type=activity)])
    await setup_integration()

    assert hass.states.get(f"{PREFIX}activity_today").state == state
