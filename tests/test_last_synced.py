# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The "Last synced" sensor against the simulator: each successful fetch, only those."""

from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import ATTR_DEVICE_CLASS, STATE_UNAVAILABLE, EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.ai_endurance.const import DOMAIN, UPDATE_INTERVAL
from simulator.testing import SimulatorServer

from .conftest import SetupIntegration


@pytest.fixture(name="entry_token")
def _entry_token(simulator_token: dict[str, Any]) -> dict[str, Any]:
    return simulator_token


def _entity_id(hass: HomeAssistant, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"1_{key}")
    assert entity_id is not None
    return entity_id


def _state(hass: HomeAssistant, key: str) -> str:
    state = hass.states.get(_entity_id(hass, key))
    assert state is not None
    return state.state


async def test_last_synced(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    simulator: SimulatorServer,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The time of the last fetch; it moves on an unchanged plan, not on a failure."""
    await setup_simulator()
    entity_id = _entity_id(hass, "last_synced")
    registry_entry = er.async_get(hass).async_get(entity_id)
    assert registry_entry is not None
    assert registry_entry.entity_category is EntityCategory.DIAGNOSTIC
    assert registry_entry.translation_key == "last_synced"
    state = hass.states.get(entity_id)
    assert state is not None
    assert state.attributes[ATTR_DEVICE_CLASS] == SensorDeviceClass.TIMESTAMP
    assert state.name == "AI Endurance Last synced"
    assert dt_util.parse_datetime(state.state) == dt_util.utcnow()
    first_sync = dt_util.utcnow()

    # The same plan 30 minutes later: the plan's entities hear nothing, this moves.
    freezer.tick(UPDATE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    second_sync = dt_util.utcnow()
    assert second_sync > first_sync
    assert dt_util.parse_datetime(_state(hass, "last_synced")) == second_sync

    # A failed fetch: the plan is unavailable, the last sync still shows.
    simulator.set_fault("server_error", count=1)
    freezer.tick(UPDATE_INTERVAL)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _state(hass, "workout_today") == STATE_UNAVAILABLE
    assert dt_util.parse_datetime(_state(hass, "last_synced")) == second_sync
