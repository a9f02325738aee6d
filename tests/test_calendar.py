# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: RUF001  # the summaries under test use en dashes on purpose
"""The workout calendar: events for any range, summaries, descriptions, triggers.

The test plan (tests/conftest.py) is built around Wednesday 25 November 2026
in Berlin: Mon endurance run, Tue threshold ride, Wed (today) a swim without
steps and the documented tempo run, Thu VO2max run on running power, Fri
rest, Sat anaerobic ride, Sun long run, Mon 30 an unknown "Strength" type.
"""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http import HTTPStatus
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.calendar import DOMAIN as CALENDAR_DOMAIN
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.unit_system import (
    METRIC_SYSTEM,
    US_CUSTOMARY_SYSTEM,
    UnitSystem,
)
import pytest
from pytest_homeassistant_custom_component.common import (
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from custom_components.ai_endurance import calendar as calendar_module
from custom_components.ai_endurance.api import Workout, WorkoutPlan
from custom_components.ai_endurance.calendar import (
    events_between,
    workout_event,
    workout_events,
)
from custom_components.ai_endurance.presentation import PlanViews

from .conftest import (
    SetupIntegration,
    advance_to,
    endurance as conftest_endurance,
    entity_id_of,
    load_phrases,
    state_of,
    week_plan,
)
from .workout_samples import endurance, long_run, plan, swim, tempo, vo2max_ride

pytestmark = pytest.mark.usefixtures("mock_workouts")

BERLIN = dt_util.get_time_zone("Europe/Berlin")


def local(*args: int) -> datetime:
    """Return a Berlin date-time."""
    return datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


def calendar_id(hass: HomeAssistant) -> str:
    """Return the workout calendar's entity id."""
    return entity_id_of(hass, CALENDAR_DOMAIN, "1_workouts")


async def get_events(
    hass: HomeAssistant, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Return the calendar's events through the `calendar.get_events` action."""
    entity_id = calendar_id(hass)
    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {"entity_id": entity_id, "start_date_time": start, "end_date_time": end},
        blocking=True,
        return_response=True,
    )
    return response[entity_id]["events"]  # type: ignore[no-any-return,index,call-overload]


# --- Pure: events from workouts -------------------------------------------


def english(*workouts: Workout) -> PlanViews:
    """Return the English, metric views of a plan of ``workouts``."""
    return PlanViews(plan(*workouts), load_phrases("en"), imperial=False)


def test_workout_event_is_all_day() -> None:
    run = tempo("2026-11-25", title="Tempo Run")
    event = workout_event(english(run).workout(run), "w1")
    assert event.all_day
    assert event.start == date(2026, 11, 25)
    assert event.end == date(2026, 11, 26)
    assert event.summary == "Run · Tempo · 50 min"
    assert event.description is not None
    assert event.description.startswith("Tempo Run\nWarm-up 10 min")
    assert event.uid == "w1"


def test_uids_are_stable_and_unique() -> None:
    day = "2026-11-25"
    workouts = [
        tempo(day, workout_id=None),
        swim(day, workout_id=None),
        endurance(day, workout_id=None),
        long_run(day, workout_id="42"),
        vo2max_ride(day, workout_id="42"),
    ]
    views = english(*workouts)
    uids = [event.uid for event in workout_events(views, workouts)]
    assert uids == [
        "2026-11-25-Run-0",
        "2026-11-25-Swim-0",
        "2026-11-25-Run-1",
        "42",
        "42-1",
    ]
    assert [event.uid for event in workout_events(views, workouts)] == uids


@pytest.fixture
def berlin_zone() -> Iterator[None]:
    """Make Berlin the default zone for tests without `hass`."""
    dt_util.set_default_time_zone(BERLIN)
    yield
    dt_util.set_default_time_zone(dt_util.UTC)


@pytest.mark.usefixtures("berlin_zone")
def test_events_between_overlap() -> None:
    week = english(
        endurance("2026-11-23"),
        tempo("2026-11-25"),
        swim("2026-11-25"),
        long_run("2026-11-29"),
    )
    # Half-open ranges: an event ending at the range's start is not in it.
    summaries = [
        event.summary
        for event in events_between(week, local(2026, 11, 24), local(2026, 11, 29))
    ]
    assert summaries == ["Run · Tempo · 50 min", "Swim"]
    # A range inside one day.
    inside = events_between(week, local(2026, 11, 25, 12), local(2026, 11, 25, 13))
    assert len(inside) == 2
    # Days are Home Assistant's: 23:30 UTC on the 28th is the 29th in Berlin.
    utc_start = datetime(2026, 11, 28, 23, 30, tzinfo=dt_util.UTC)
    late = events_between(week, utc_start, utc_start + timedelta(hours=1))
    assert [event.summary for event in late] == ["Run · Long endurance · 1 h 45 min"]
    assert events_between(english(), local(2026, 11, 1), local(2026, 12, 1)) == []


# --- The entity ---------------------------------------------------------------


async def test_state_is_today_main_workout(
    hass: HomeAssistant, setup_integration: SetupIntegration
) -> None:
    await setup_integration()
    state = state_of(hass, calendar_id(hass))
    assert state.state == STATE_ON
    assert state.name == "AI Endurance Workouts"
    # Two workouts today: the tempo run has the stress, it is the main one.
    assert state.attributes["message"] == "Run · Tempo · 50 min"
    assert state.attributes["all_day"] is True
    assert state.attributes["start_time"] == "2026-11-25 00:00:00"
    assert state.attributes["end_time"] == "2026-11-26 00:00:00"
    assert state.attributes["description"] == (
        "Tempo Run\n"
        "Warm-up 10 min at 4:50 /km or slower\n"
        "2 × 9 min at 4:33–4:50 /km, 5 min easy at 5:22 /km or slower\n"
        "Cool-down 12 min at 5:22 /km or slower\n"
        "Total 50 min · stress 38 ESS"
    )


@pytest.mark.parametrize(
    ("language", "units", "summary", "description"),
    [
        (
            "de",
            METRIC_SYSTEM,
            "Lauf · Tempo · 50 min",
            (
                "Tempo Run\n"
                "Aufwärmen 10 min (4:50 /km oder langsamer)\n"
                "2 × 9 min (4:33–4:50 /km), 5 min locker (5:22 /km oder langsamer)\n"
                "Ausklang 12 min (5:22 /km oder langsamer)\n"
                "Gesamt 50 min · Belastung 38 ESS"
            ),
        ),
        (
            "en",
            US_CUSTOMARY_SYSTEM,
            "Run · Tempo · 50 min",
            (
                "Tempo Run\n"
                "Warm-up 10 min at 7:46 /mi or slower\n"
                "2 × 9 min at 7:19–7:46 /mi, 5 min easy at 8:38 /mi or slower\n"
                "Cool-down 12 min at 8:38 /mi or slower\n"
                "Total 50 min · stress 38 ESS"
            ),
        ),
        # A language the integration does not ship reads in English.
        ("fr", METRIC_SYSTEM, "Run · Tempo · 50 min", None),
    ],
)
async def test_texts_in_language_and_units(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    *,
    language: str,
    units: UnitSystem,
    summary: str,
    description: str | None,
) -> None:
    """Summaries and descriptions follow Home Assistant's language and units."""
    hass.config.language = language
    hass.config.units = units
    await setup_integration()
    state = state_of(hass, calendar_id(hass))
    assert state.attributes["message"] == summary
    if description is not None:
        assert state.attributes["description"] == description
    events = await get_events(hass, local(2026, 11, 25), local(2026, 11, 26))
    assert events[-1]["summary"] == summary


async def test_texts_follow_a_language_change(
    hass: HomeAssistant, setup_integration: SetupIntegration
) -> None:
    """A new language in the settings rewrites the texts without a reload."""
    await setup_integration()
    await hass.config.async_update(language="de")
    await hass.async_block_till_done()
    state = state_of(hass, calendar_id(hass))
    assert state.attributes["message"] == "Lauf · Tempo · 50 min"
    await hass.config.async_update(unit_system="us_customary", language="en")
    await hass.async_block_till_done()
    state = state_of(hass, calendar_id(hass))
    assert "2 × 9 min at 7:19–7:46 /mi" in state.attributes["description"]


async def test_texts_stay_on_other_settings_changes(
    hass: HomeAssistant, setup_integration: SetupIntegration
) -> None:
    """A new location changes no text: no phrases loaded, no state written."""
    await setup_integration()
    before = state_of(hass, calendar_id(hass))
    with patch(
        "custom_components.ai_endurance.coordinator.async_load_phrases"
    ) as load_phrases:
        await hass.config.async_update(latitude=48.1, longitude=11.6)
        await hass.async_block_till_done()
    load_phrases.assert_not_called()
    assert state_of(hass, calendar_id(hass)).last_updated == before.last_updated


async def test_events_for_a_range(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    snapshot: SnapshotAssertion,
) -> None:
    await setup_integration()
    events = await get_events(hass, local(2026, 11, 23), local(2026, 12, 1))
    assert [(event["start"], event["summary"]) for event in events] == [
        ("2026-11-23", "Run · Endurance · 30 min"),
        ("2026-11-24", "Ride · Threshold · 1 h 4 min"),
        ("2026-11-25", "Swim"),
        ("2026-11-25", "Run · Tempo · 50 min"),
        ("2026-11-26", "Run · VO2max · 50 min"),
        ("2026-11-28", "Ride · Anaerobic · 1 h 46 min"),
        ("2026-11-29", "Run · Long endurance · 1 h 45 min"),
        ("2026-11-30", "WeightTraining · Strength"),
    ]
    assert all(
        event["end"] == str(date.fromisoformat(event["start"]) + timedelta(days=1))
        for event in events
    )
    assert events == snapshot
    # Part of a day, and nothing outside the plan.
    today = await get_events(hass, local(2026, 11, 25, 9), local(2026, 11, 25, 10))
    assert [event["summary"] for event in today] == ["Swim", "Run · Tempo · 50 min"]
    assert await get_events(hass, local(2027, 1, 1), local(2027, 2, 1)) == []


async def test_calendar_http_api(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    hass_client: ClientSessionGenerator,
) -> None:
    """The calendar card asks /api/calendars: uids and descriptions come along."""
    await setup_integration()
    client = await hass_client()
    response = await client.get(
        f"/api/calendars/{calendar_id(hass)}",
        params={
            "start": "2026-11-29T00:00:00+01:00",
            "end": "2026-11-30T00:00:00+01:00",
        },
    )
    assert response.status == HTTPStatus.OK
    events = await response.json()
    assert len(events) == 1
    assert events[0]["summary"] == "Run · Long endurance · 1 h 45 min"
    assert events[0]["start"] == {"date": "2026-11-29"}
    assert events[0]["uid"] == "20261129"
    assert "Long endurance 1 h 45 min at 5:12 /km or slower" in events[0]["description"]


async def test_state_follows_the_days(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
) -> None:
    """At midnight the next day's workout becomes the event; rest days show the next."""
    await setup_integration()
    entity_id = calendar_id(hass)

    await advance_to(hass, freezer, local(2026, 11, 26, 0, 0, 1))
    state = state_of(hass, entity_id)
    assert state.state == STATE_ON
    assert state.attributes["message"] == "Run · VO2max · 50 min"

    # Friday is a rest day: off, and the event is Saturday's ride.
    await advance_to(hass, freezer, local(2026, 11, 27, 0, 0, 1))
    state = state_of(hass, entity_id)
    assert state.state == STATE_OFF
    assert state.attributes["message"] == "Ride · Anaerobic · 1 h 46 min"
    assert state.attributes["start_time"] == "2026-11-28 00:00:00"

    # After the plan's last workout: off, no event.
    await advance_to(hass, freezer, local(2026, 12, 1, 0, 0, 1))
    state = state_of(hass, entity_id)
    assert state.state == STATE_OFF
    assert "message" not in state.attributes


async def test_event_built_once_per_plan_and_day(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
) -> None:
    """State writes read `event` several times: it is built once per plan and day."""
    entry = await setup_integration()
    coordinator = entry.runtime_data.coordinator
    coordinator.update_interval = None  # no poll: the plan changes when told
    entity_id = calendar_id(hass)

    def message() -> str:
        state = state_of(hass, entity_id)
        return str(state.attributes["message"])

    with patch.object(
        calendar_module, "workout_event", wraps=calendar_module.workout_event
    ) as built:
        # State writes with the same plan on the same day: nothing is built.
        for _ in range(3):
            coordinator.async_update_listeners()
            await hass.async_block_till_done()
        assert built.call_count == 0
        assert message() == "Run · Tempo · 50 min"

        # A new plan (today's tempo run became a shorter endurance run): once.
        changed = [
            workout
            for workout in week_plan()
            if workout["date"] != "2026-11-25" or "steps" not in workout
        ]
        changed.append(conftest_endurance("2026-11-25", duration=2400, stress=30))
        coordinator.async_set_updated_data(WorkoutPlan.from_list(changed))
        await hass.async_block_till_done()
        assert built.call_count == 1
        assert message() == "Run · Endurance · 40 min"
        coordinator.async_update_listeners()
        await hass.async_block_till_done()
        assert built.call_count == 1

        # Midnight: the same plan, a new day, built once more.
        await advance_to(hass, freezer, local(2026, 11, 26, 0, 0, 1))
        assert built.call_count == 2
        assert message() == "Run · VO2max · 50 min"
        coordinator.async_update_listeners()
        await hass.async_block_till_done()
        assert built.call_count == 2


async def test_calendar_trigger_fires(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An automation with a calendar trigger runs when a workout day starts."""
    await setup_integration()
    calls: list[ServiceCall] = async_mock_service(hass, "test", "workout")
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: {
                "triggers": {
                    "trigger": "calendar",
                    "entity_id": calendar_id(hass),
                    "event": "start",
                    "offset": "-8:00:00",
                },
                "actions": {
                    "action": "test.workout",
                    "data": {
                        "summary": "{{ trigger.calendar_event.summary }}",
                        "start": "{{ trigger.calendar_event.start }}",
                        "all_day": "{{ trigger.calendar_event.all_day }}",
                    },
                },
            }
        },
    )
    await hass.async_block_till_done()

    # 8 hours before Thursday's workout day: Wednesday 16:00.
    for hour in (12, 15, 15.9):
        await advance_to(hass, freezer, local(2026, 11, 25) + timedelta(hours=hour))
    assert calls == []
    await advance_to(hass, freezer, local(2026, 11, 25, 16, 0, 1))
    assert [call.data for call in calls] == [
        {"summary": "Run · VO2max · 50 min", "start": "2026-11-26", "all_day": True}
    ]

    # Nothing for the rest day; Saturday's ride fires on Friday at 16:00.
    for moment in (
        local(2026, 11, 26, 15, 50),
        local(2026, 11, 26, 16, 0, 1),
        local(2026, 11, 27, 12),
        local(2026, 11, 27, 15, 50),
        local(2026, 11, 27, 16, 0, 1),
    ):
        await advance_to(hass, freezer, moment)
    assert [call.data["summary"] for call in calls] == [
        "Run · VO2max · 50 min",
        "Ride · Anaerobic · 1 h 46 min",
    ]

    await hass.services.async_call(
        AUTOMATION_DOMAIN, "turn_off", {"entity_id": "all"}, blocking=True
    )
