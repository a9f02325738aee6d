# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Never a silent rest day: an unreadable plan against the simulator, over loopback.

The simulator serves the test week (conftest's `week_plan`); its schema faults
change the answer the way a changed AI Endurance might.
"""

from dataclasses import dataclass
import logging
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.loader import async_get_integration
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)

from custom_components.ai_endurance.const import DOMAIN, UPDATE_INTERVAL
from custom_components.ai_endurance.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.ai_endurance.plan_health import issue_id
from simulator.testing import SimulatorServer

from .conftest import SetupIntegration, endurance, interval

WIDER_READING = (
    "variant_aliases",
    "variant_datetime_dates",
    "variant_string_numbers",
    "variant_envelope_workouts",
    "variant_envelope_data",
    "variant_paginated",
    "variant_steps_string",
)
"""Faults that serve the same plan in another shape the client reads."""

PLAN_ENTITIES = (
    ("sensor", "workout_today"),
    ("sensor", "activity_today"),
    ("sensor", "duration_today"),
    ("sensor", "stress_today"),
    ("sensor", "workout_tomorrow"),
    ("sensor", "next_workout"),
    ("sensor", "duration_this_week"),
    ("calendar", "workouts"),
    ("image", "workout_picture"),
)
HEALTH_LOGGER = "custom_components.ai_endurance.plan_health"
RANDOM = frozenset({"access_token", "entity_picture"})
"""Attributes of the picture made anew with each entity (its access token)."""
PARTLY_READABLE = [
    endurance("2026-11-24"),
    interval("2026-11-25", "Tempo"),
    {**endurance("2026-11-26"), "date": None, "day": "2026-11-26"},
]


@dataclass
class Harness:
    """Home Assistant with one account on the simulator, and what the tests read."""

    hass: HomeAssistant
    simulator: SimulatorServer
    freezer: FrozenDateTimeFactory
    caplog: pytest.LogCaptureFixture
    setup: SetupIntegration
    entry: MockConfigEntry | None = None

    async def start(self) -> MockConfigEntry:
        """Set the entry up (the first fetch)."""
        self.entry = await self.setup()
        return self.entry

    async def poll(self) -> None:
        """Let the next scheduled poll run, to its end."""
        self.freezer.tick(UPDATE_INTERVAL)
        async_fire_time_changed(self.hass)
        await self.hass.async_block_till_done(wait_background_tasks=True)

    def state(self, key: str, platform: str = "sensor") -> str:
        """Return the state of the entity with unique id ``1_<key>``."""
        registry = er.async_get(self.hass)
        entity_id = registry.async_get_entity_id(platform, DOMAIN, f"1_{key}")
        assert entity_id is not None, key
        state = self.hass.states.get(entity_id)
        assert state is not None, entity_id
        return state.state

    def plan_states(self) -> dict[str, str]:
        """Return the states of the plan's entities."""
        return {key: self.state(key, platform) for platform, key in PLAN_ENTITIES}

    def all_states(self) -> dict[str, Any]:
        """Return every entity's state and attributes (but the picture's token)."""
        assert self.entry is not None
        registry = er.async_get(self.hass)
        return {
            registry_entry.unique_id: (
                state.state,
                {k: v for k, v in state.attributes.items() if k not in RANDOM},
            )
            for registry_entry in er.async_entries_for_config_entry(
                registry, self.entry.entry_id
            )
            if (state := self.hass.states.get(registry_entry.entity_id)) is not None
        }

    def issue(self) -> ir.IssueEntry | None:
        """Return the entry's repair issue about its plan."""
        assert self.entry is not None
        return ir.async_get(self.hass).async_get_issue(
            DOMAIN, issue_id(self.entry.entry_id)
        )

    def placeholders(self) -> dict[str, str]:
        """Return the placeholders of the repair issue (which must be there)."""
        issue = self.issue()
        assert issue is not None
        return dict(issue.translation_placeholders or {})

    def warnings(self) -> list[str]:
        """Return the warnings about the plan logged so far."""
        return [
            record.getMessage()
            for record in self.caplog.records
            if record.name == HEALTH_LOGGER and record.levelno == logging.WARNING
        ]


@pytest.fixture(name="entry_token")
def _entry_token(simulator_token: dict[str, Any]) -> dict[str, Any]:
    return simulator_token


@pytest.fixture
def harness(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    setup_simulator: SetupIntegration,
) -> Harness:
    """Return the harness; the entry is set up by ``start``."""
    return Harness(hass, simulator, freezer, caplog, setup_simulator)


async def test_unknown_date_key_is_not_a_rest_day(harness: Harness) -> None:
    """Dates under an unknown key: unavailable entities and a repair issue, not rest."""
    entry = await harness.start()
    readable = harness.plan_states()
    assert readable["workout_today"] == "tempo"
    assert harness.issue() is None

    harness.simulator.set_fault("variant_unknown_date_key")
    await harness.poll()

    assert set(harness.plan_states().values()) == {STATE_UNAVAILABLE}
    assert harness.state("last_synced") != STATE_UNAVAILABLE
    issue = harness.issue()
    assert issue is not None
    assert issue.translation_key == "plan_unreadable"
    assert issue.severity is ir.IssueSeverity.ERROR
    assert not issue.is_fixable
    assert issue.learn_more_url is not None
    assert issue.learn_more_url.endswith("#troubleshooting")
    placeholders = harness.placeholders()
    assert placeholders["fields"] == "date"
    assert placeholders["total"] == str(len(harness.simulator.state.workouts("1")))
    tracker = (await async_get_integration(harness.hass, DOMAIN)).issue_tracker
    assert tracker is not None
    assert placeholders["issue_tracker"] == tracker
    [warning] = harness.warnings()
    assert "fields: date)" in warning
    assert tracker in warning
    # The diagnostics name the keys AI Endurance sent, and what was missing.
    diagnostics = await async_get_config_entry_diagnostics(harness.hass, entry)
    assert diagnostics["plan_problem"]["fields"] == ["date"]
    first = diagnostics["last_response_shape"]["first_items"][0]
    assert "scheduled_day" in first["keys"]
    assert "date" not in first["keys"]

    # The same problem at the next poll: no second warning.
    await harness.poll()
    assert len(harness.warnings()) == 1
    assert harness.issue() is not None

    # AI Endurance sends the documented shape again: the issue goes by itself.
    harness.simulator.clear_faults()
    await harness.poll()
    assert harness.plan_states() == readable
    assert harness.issue() is None
    assert len(harness.warnings()) == 1


@pytest.mark.parametrize("plan_json", [PARTLY_READABLE])
async def test_some_unreadable_shows_the_rest(harness: Harness) -> None:
    """Some workouts unreadable: the others show, a warning issue names the field."""
    entry = await harness.start()

    assert entry.state is ConfigEntryState.LOADED
    assert harness.state("workout_today") == "tempo"
    issue = harness.issue()
    assert issue is not None
    assert issue.translation_key == "plan_partly_unreadable"
    assert issue.severity is ir.IssueSeverity.WARNING
    placeholders = harness.placeholders()
    assert (placeholders["skipped"], placeholders["total"]) == ("1", "3")
    assert placeholders["fields"] == "date"
    [warning] = harness.warnings()
    assert "2026-11-26" not in warning  # names, never values

    # One more workout of the same kind: the issue counts it, no new warning.
    unreadable = {**endurance("2026-11-27"), "date": "27/11/2026"}
    harness.simulator.state.add_workouts("1", [unreadable])
    await harness.poll()
    placeholders = harness.placeholders()
    assert (placeholders["skipped"], placeholders["total"]) == ("2", "4")
    assert len(harness.warnings()) == 1

    # Another problem (none readable): one more warning, the issue changes.
    harness.simulator.set_fault("variant_unknown_date_key")
    await harness.poll()
    assert len(harness.warnings()) == 2
    issue = harness.issue()
    assert issue is not None
    assert issue.translation_key == "plan_unreadable"

    # Back to the partly readable plan: a change again.
    harness.simulator.clear_faults()
    await harness.poll()
    assert len(harness.warnings()) == 3
    assert harness.state("workout_today") == "tempo"


async def test_unreadable_at_setup_retries_with_an_issue(harness: Harness) -> None:
    """Unreadable from the first fetch: the entry waits, the issue explains why."""
    harness.simulator.set_fault("variant_unknown_date_key")
    entry = await harness.start()

    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert harness.issue() is not None

    # Removing the entry removes its issue.
    assert await harness.hass.config_entries.async_remove(entry.entry_id)
    await harness.hass.async_block_till_done(wait_background_tasks=True)
    assert harness.issue() is None


async def test_unknown_envelope_is_not_a_rest_day(harness: Harness) -> None:
    """An object of unknown shape: unavailable, an issue naming its keys."""
    await harness.start()

    harness.simulator.set_fault("variant_wrong_shape")
    await harness.poll()

    assert set(harness.plan_states().values()) == {STATE_UNAVAILABLE}
    issue = harness.issue()
    assert issue is not None
    assert issue.translation_key == "plan_unknown_shape"
    fields = harness.placeholders()["fields"]
    assert fields == "data, status"
    [warning] = harness.warnings()
    assert fields in warning

    harness.simulator.clear_faults()
    await harness.poll()
    assert harness.issue() is None
    assert harness.state("workout_today") == "tempo"


@pytest.mark.parametrize("fault", [None, "variant_paginated"])
@pytest.mark.parametrize("plan_json", [[]])
async def test_empty_plan_is_a_rest_day(harness: Harness, fault: str | None) -> None:
    """`[]` or an envelope without results is a plan of rest days: nothing raised."""
    await harness.start()
    if fault is not None:
        answered = harness.simulator.set_fault(fault)
        await harness.poll()
        assert answered is not None
        assert answered.hits == 1
    assert harness.state("workout_today") == "rest_day"
    assert float(harness.state("duration_today")) == 0
    assert harness.issue() is None
    assert not harness.warnings()


async def test_failed_requests_leave_the_issue_alone(harness: Harness) -> None:
    """A failed request says nothing about the plan's format: the issue stays."""
    await harness.start()
    harness.simulator.set_fault("variant_unknown_date_key", count=1)
    await harness.poll()
    assert harness.issue() is not None

    harness.simulator.set_fault("server_error", count=1)
    await harness.poll()
    assert harness.issue() is not None
    await harness.poll()
    assert harness.issue() is None


@pytest.mark.parametrize("fault", WIDER_READING)
async def test_wider_reading_shows_the_same(harness: Harness, fault: str) -> None:
    """Each variant AI Endurance may send reads the entities of the documented shape."""
    variant = harness.simulator.set_fault(fault, page_size=3)
    entry = await harness.start()
    assert variant is not None
    assert variant.hits >= 1
    assert harness.issue() is None
    seen = harness.all_states()

    harness.simulator.clear_faults()
    assert await harness.hass.config_entries.async_reload(entry.entry_id)
    await harness.hass.async_block_till_done(wait_background_tasks=True)

    assert harness.all_states() == seen
    assert seen["1_workout_today"][0] == "tempo"
    assert len(seen) >= len(PLAN_ENTITIES)
