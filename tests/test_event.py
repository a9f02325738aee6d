# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The workout updates event entity, and the plan diff behind it.

Today is Wednesday 25 November 2026 in Berlin (see tests/conftest.py).
"""

from datetime import date, datetime
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.event import (
    ATTR_EVENT_TYPE,
    ATTR_EVENT_TYPES,
    DOMAIN as EVENT_DOMAIN,
)
from homeassistant.const import EVENT_STATE_CHANGED, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import Event, HomeAssistant
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)

from custom_components.ai_endurance.api import Workout
from custom_components.ai_endurance.plan_diff import (
    ChangeType,
    WorkoutChange,
    diff_plans,
    event_attributes,
)
from custom_components.ai_endurance.presentation import workout_view

from .conftest import (
    WORKOUTS_URL,
    SetupIntegration,
    advance_to,
    endurance,
    entity_id_of,
    load_phrases,
    state_of,
    week_plan,
)
from .workout_samples import (
    TEMPO_STEPS,
    endurance as easy_run,
    long_run,
    plan,
    swim,
    tempo,
    workout,
)

pytestmark = pytest.mark.usefixtures("mock_workouts")

TODAY = date(2026, 11, 25)
BERLIN = dt_util.get_time_zone("Europe/Berlin")


# --- Pure: the diff -----------------------------------------------------------


def kinds(changes: list[WorkoutChange]) -> list[tuple[str, str, str | None]]:
    """Return (type, date, id) of each change."""
    return [
        (change.type.value, change.workout.date.isoformat(), change.workout.id)
        for change in changes
    ]


def test_diff_added_changed_removed() -> None:
    old = plan(
        easy_run("2026-11-24", "past"),
        tempo("2026-11-25", "today"),
        easy_run("2026-11-26", "thu"),
        long_run("2026-11-29", "sun"),
    )
    new = plan(
        tempo("2026-11-25", "today"),
        long_run("2026-11-26", "thu"),  # same id, other workout
        easy_run("2026-11-27", "fri"),  # new
    )
    changes = diff_plans(old, new, TODAY)
    assert kinds(changes) == [
        ("workout_changed", "2026-11-26", "thu"),
        ("workout_added", "2026-11-27", "fri"),
        ("workout_removed", "2026-11-29", "sun"),
    ]
    # The past workout that dropped out is not "removed".
    assert changes[0].fields == ("duration", "stress", "steps")
    assert changes[0].previous == easy_run("2026-11-26", "thu")


def test_diff_ignores_the_past_and_unseen_fields() -> None:
    old = plan(easy_run("2026-11-20", "a"), easy_run("2026-11-24", "b"))
    new = plan(
        easy_run("2026-11-23", "c"),  # added, but in the past
        long_run("2026-11-24", "b"),  # changed, but yesterday
        tempo("2026-11-25", "d", note="an unknown field"),
    )
    # "a" slid out of the plan: not removed. Only "d" counts.
    assert kinds(diff_plans(old, new, TODAY)) == [("workout_added", "2026-11-25", "d")]
    # "d" differs only in a field nobody sees: not changed.
    assert diff_plans(plan(tempo("2026-11-25", "d")), new, TODAY) == []
    assert diff_plans(new, new, TODAY) == []


def test_diff_ignores_a_field_added_inside_steps() -> None:
    """AI Endurance adding a field to `steps` is not a change of the workout."""
    old = plan(tempo("2026-11-26", "x"))
    new = plan(workout("2026-11-26", TEMPO_STEPS | {"cadence": 90}, workout_id="x"))
    assert new.workouts[0].steps is not None
    assert new.workouts[0].steps.extra == {"cadence": 90}
    assert diff_plans(old, new, TODAY) == []


def test_diff_sees_a_documented_field_inside_steps() -> None:
    old = plan(tempo("2026-11-26", "x"))
    new = plan(
        workout("2026-11-26", TEMPO_STEPS | {"duration_on": 600}, workout_id="x")
    )
    changes = diff_plans(old, new, TODAY)
    assert kinds(changes) == [("workout_changed", "2026-11-26", "x")]
    assert changes[0].fields == ("duration", "steps")
    # A documented field that does not change the total still counts.
    same_total = TEMPO_STEPS | {"duration_on": 600, "duration_off": 240}
    new = plan(workout("2026-11-26", same_total, workout_id="x"))
    assert diff_plans(old, new, TODAY)[0].fields == ("steps",)


def test_diff_moved_into_the_past_counts() -> None:
    """A future workout moved to yesterday changed (it was still ahead)."""
    old = plan(tempo("2026-11-26", "x"))
    new = plan(tempo("2026-11-24", "x"))
    assert kinds(diff_plans(old, new, TODAY)) == [
        ("workout_changed", "2026-11-24", "x")
    ]


def test_diff_without_ids() -> None:
    """Without ids: matched by date and activity; a moved workout is removed + added."""
    old = plan(
        tempo("2026-11-26", None),
        swim("2026-11-26", None),
        easy_run("2026-11-27", None),
    )
    new = plan(
        tempo("2026-11-26", None, title="Tempo"),
        swim("2026-11-26", None),
        easy_run("2026-11-28", None),
    )
    changes = diff_plans(old, new, TODAY)
    assert kinds(changes) == [
        ("workout_changed", "2026-11-26", None),
        ("workout_removed", "2026-11-27", None),
        ("workout_added", "2026-11-28", None),
    ]
    assert changes[0].fields == ("title",)


def summary(workout: Workout) -> str:
    """Return a workout's English summary."""
    return workout_view(workout, load_phrases(), imperial=False).summary


def test_event_attributes() -> None:
    added = WorkoutChange(ChangeType.ADDED, tempo("2026-11-27", "w1", title="Tempo"))
    assert event_attributes(added, summary) == {
        "date": "2026-11-27",
        "activity": "Run",
        "type": "Tempo",
        "duration": 50,
        "stress": 38,
        "title": "Tempo",
        "summary": "Run · Tempo · 50 min",
        "workout_id": "w1",
    }
    removed = WorkoutChange(ChangeType.REMOVED, swim("2026-11-27", None))
    assert event_attributes(removed, summary) == {
        "date": "2026-11-27",
        "activity": "Swim",
        "type": None,
        "duration": None,
        "stress": None,
        "title": None,
        "summary": "Swim",
        "workout_id": None,
    }
    changed = diff_plans(
        plan(easy_run("2026-11-26", "w2")), plan(long_run("2026-11-27", "w2")), TODAY
    )[0]
    attributes = event_attributes(changed, summary)
    assert attributes["changes"] == ["date", "duration", "stress", "steps"]
    assert attributes["previous_date"] == "2026-11-26"
    assert attributes["previous_summary"] == "Run · Endurance · 30 min"
    assert attributes["summary"] == "Run · Long endurance · 1 h 45 min"


# --- The entity -----------------------------------------------------------------


def event_id(hass: HomeAssistant) -> str:
    """Return the event entity's id."""
    return entity_id_of(hass, EVENT_DOMAIN, "1_workout_updates")


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


def fired(events: list[Event]) -> list[dict[str, Any]]:
    """Return the attributes of the event entity's new states."""
    return [
        dict(event.data["new_state"].attributes)
        for event in events
        if event.data["entity_id"].startswith("event.")
    ]


async def test_no_events_on_first_load(
    hass: HomeAssistant, setup_integration: SetupIntegration
) -> None:
    await setup_integration()
    state = state_of(hass, event_id(hass))
    assert (state.state, state.name) == (STATE_UNKNOWN, "AI Endurance Workout updates")
    assert state.attributes[ATTR_EVENT_TYPES] == [
        "workout_added",
        "workout_changed",
        "workout_removed",
    ]
    assert state.attributes[ATTR_EVENT_TYPE] is None


async def test_added_changed_removed(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    entry = await setup_integration()
    entity_id = event_id(hass)
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    workouts = week_plan()

    # Friday's rest day gets a run.
    friday = endurance("2026-11-27", duration=2400, stress=35, title="Easy Run")
    await new_plan(hass, entry, aioclient_mock, [*workouts, friday])
    state = state_of(hass, entity_id)
    assert state.state == dt_util.utcnow().isoformat(timespec="milliseconds")
    assert fired(changes) == [
        {
            "event_types": ["workout_added", "workout_changed", "workout_removed"],
            "event_type": "workout_added",
            "date": "2026-11-27",
            "activity": "Run",
            "type": "Endurance",
            "duration": 40,
            "stress": 35,
            "title": "Easy Run",
            "summary": "Run · Endurance · 40 min",
            "workout_id": "20261127",
            "friendly_name": "AI Endurance Workout updates",
        }
    ]

    # Today's tempo run becomes longer; Friday's run goes away again.
    changes.clear()
    longer = [dict(item) for item in workouts]
    longer[3] = {**longer[3], "steps": {**longer[3]["steps"], "repeats": 3}}
    await new_plan(hass, entry, aioclient_mock, longer)
    events = fired(changes)
    assert [(e["event_type"], e["date"]) for e in events] == [
        ("workout_changed", "2026-11-25"),
        ("workout_removed", "2026-11-27"),
    ]
    assert events[0]["changes"] == ["duration", "steps"]
    assert events[0]["summary"] == "Run · Tempo · 1 h 4 min"
    assert events[0]["previous_summary"] == "Run · Tempo · 50 min"
    assert events[1]["summary"] == "Run · Endurance · 40 min"
    # Each event is its own state change. Under frozen time, Home Assistant
    # 2026.3 gives both the same time stamp (newer releases keep them apart);
    # a state trigger still fires for each, as the attributes differ.
    states = [e.data["new_state"] for e in changes if e.data["entity_id"] == entity_id]
    assert len(states) == 2
    assert states[0].state <= states[1].state
    assert states[0].attributes != states[1].attributes

    # The same plan again: nothing.
    changes.clear()
    await new_plan(hass, entry, aioclient_mock, longer)
    assert fired(changes) == []


async def test_past_and_midnight_fire_nothing(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
    freezer: FrozenDateTimeFactory,
) -> None:
    entry = await setup_integration()
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)

    # Midnight: the day rolls over on the same plan.
    await advance_to(hass, freezer, datetime(2026, 11, 26, 0, 0, 1, tzinfo=BERLIN))
    assert fired(changes) == []

    # The plan drops Monday to Wednesday: they are in the past now.
    workouts = [item for item in week_plan() if item["date"] >= "2026-11-26"]
    await new_plan(hass, entry, aioclient_mock, workouts)
    assert fired(changes) == []
    state = state_of(hass, event_id(hass))
    assert state.state == STATE_UNKNOWN


async def test_reload_takes_a_new_baseline(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    aioclient_mock: AiohttpClientMocker,
) -> None:
    """A reload (like a restart) reports nothing for the plan it loads."""
    entry = await setup_integration()
    aioclient_mock.clear_requests()
    aioclient_mock.get(
        WORKOUTS_URL, json=[*week_plan(), endurance("2026-11-27", title="Easy")]
    )
    changes = async_capture_events(hass, EVENT_STATE_CHANGED)
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert [
        e.data["new_state"].state
        for e in changes
        if e.data["entity_id"] == event_id(hass) and e.data["new_state"] is not None
    ] == [STATE_UNAVAILABLE, STATE_UNKNOWN]
