# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The workout runner in Home Assistant, against the simulator over loopback.

Today is Wednesday 25 November 2026, 08:00 in Berlin (tests/conftest.py): the
plan has a swim and the documented tempo run, the main workout. Its steps:
warm-up 600 s, 2 x (interval 540 s, recovery 300 s), cool-down 720 s (no
extra endurance): boundaries at 600, 1140, 1440, 1980, 2280 and 3000 s.
Time is frozen and moved across each boundary.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_UNIT_OF_MEASUREMENT,
    EVENT_STATE_CHANGED,
    STATE_UNAVAILABLE,
    STATE_UNKNOWN,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import voluptuous as vol

from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.runner import storage_key
from simulator.testing import SimulatorServer

from .conftest import (
    SetupIntegration,
    advance,
    endurance,
    interval,
    state_of,
    swim,
    week_plan,
)

STEP = "sensor.ai_endurance_workout_step"
ZONE = "sensor.ai_endurance_workout_zone"
TARGET = "sensor.ai_endurance_current_target"
TARGET_LOW = "sensor.ai_endurance_current_target_low"
TARGET_HIGH = "sensor.ai_endurance_current_target_high"
STEP_ENDS = "sensor.ai_endurance_step_ends"
WORKOUT_ENDS = "sensor.ai_endurance_workout_ends"
RUN_EVENTS = "event.ai_endurance_workout_run"
START = dt_util.parse_datetime("2026-11-25T08:00:00+01:00")
assert START is not None

WARM_UP = "Warm-up: 10 min at 4:50 /km or slower"


@pytest.fixture(name="entry_token")
def _entry_token(simulator_token: dict[str, Any]) -> dict[str, Any]:
    return simulator_token


@dataclass
class Run:
    """The run's events as automations see them (state changes of the entity)."""

    hass: HomeAssistant
    entity_id: str = RUN_EVENTS
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def listen(self) -> None:
        """Record each event of the event entity."""

        @callback
        def changed(event: Event) -> None:
            if event.data[ATTR_ENTITY_ID] != self.entity_id:
                return
            old, new = event.data["old_state"], event.data["new_state"]
            if old is None or old.state == STATE_UNAVAILABLE:
                return  # the entity (re)appears: a restored state, no event
            if new is None or "event_type" not in new.attributes:
                return
            attributes = dict(new.attributes)
            for key in ("event_types", "friendly_name", "icon"):
                attributes.pop(key, None)
            self.events.append((attributes.pop("event_type"), attributes))

        self.hass.bus.async_listen(EVENT_STATE_CHANGED, changed)

    def take(self) -> list[tuple[str, dict[str, Any]]]:
        """Return the events since the last call."""
        events, self.events = self.events, []
        return events

    def types(self) -> list[str]:
        """Return the types of the events since the last call."""
        return [event_type for event_type, _ in self.take()]


async def tick(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, seconds: float
) -> None:
    """Move the frozen clock on by exactly ``seconds``: step ends are exact."""
    await advance(hass, freezer, seconds, exact=True)


def _at(seconds: float) -> str:
    assert START is not None
    return (START + timedelta(seconds=seconds)).astimezone(dt_util.UTC).isoformat()


@pytest.fixture
async def run(hass: HomeAssistant, setup_simulator: SetupIntegration) -> Run:
    """Set up account 1 against the simulator; record the run's events."""
    await setup_simulator()
    recorder = Run(hass)
    recorder.listen()
    return recorder


async def _press(hass: HomeAssistant, key: str, entity: str = "ai_endurance") -> None:
    await hass.services.async_call(
        "button", "press", {ATTR_ENTITY_ID: f"button.{entity}_{key}"}, blocking=True
    )
    await hass.async_block_till_done()


@pytest.fixture
async def started(hass: HomeAssistant, run: Run) -> ConfigEntry:
    """Start today's workout on account 1; return that account's entry."""
    await _press(hass, "start_workout")
    return hass.config_entries.async_entries(DOMAIN)[0]


async def test_idle_entities(hass: HomeAssistant, run: Run) -> None:
    """Nothing runs: idle, zone 0, no target, no end; all available."""
    assert state_of(hass, STEP).state == "idle"
    assert state_of(hass, ZONE).state == "0"
    for entity_id in (TARGET, TARGET_LOW, TARGET_HIGH, STEP_ENDS, WORKOUT_ENDS):
        assert state_of(hass, entity_id).state == STATE_UNKNOWN
    assert state_of(hass, RUN_EVENTS).state == STATE_UNKNOWN
    assert state_of(hass, STEP).attributes["next_step"] is None


ON = "4:33\u20134:50 /km"
EASY = "5:22 /km or slower"
STEPS = [
    # (starts at s, step, zone, repeat, target text, target low, target high)
    (0, "warm_up", 1, None, "4:50 /km or slower", None, 3.45),
    (600, "on", 3, 1, ON, 3.45, 3.665625),
    (1140, "off", 1, 1, EASY, None, 3.105),
    (1440, "on", 3, 2, ON, 3.45, 3.665625),
    (1980, "off", 1, 2, EASY, None, 3.105),
    (2280, "cool_down", 1, None, EASY, None, 3.105),
]
END = 3000
NAMES = {
    "warm_up": "Warm-up",
    "on": "Interval",
    "off": "Recovery",
    "cool_down": "Cool-down",
}


def expected_step(index: int, *, offset: float = 0) -> dict[str, Any]:
    """Return the event data of step ``index`` of a run started ``offset`` late."""
    if index == len(STEPS):
        return {
            "step": "finished",
            "step_name": "Finished",
            "repeat": None,
            "repeats": None,
            "repeat_text": None,
            "duration": 0,
            "zone": 0,
            "target_low": None,
            "target_high": None,
            "target_unit": None,
            "target_text": None,
            "ends_at": None,
            "sport": "run",
            "announcement": "Workout finished",
        }
    start, kind, zone, repeat, text, low, high = STEPS[index]
    end = STEPS[index + 1][0] if index + 1 < len(STEPS) else END
    name = NAMES[kind]
    repeat_text = None if repeat is None else f"{repeat} of 2"
    heading = name if repeat_text is None else f"{name} {repeat_text}"
    minutes = (end - start) // 60
    return {
        "step": kind,
        "step_name": name,
        "repeat": repeat,
        "repeats": None if repeat is None else 2,
        "repeat_text": repeat_text,
        "duration": end - start,
        "zone": zone,
        "target_low": low,
        "target_high": high,
        "target_unit": "m/s",
        "target_text": text,
        "ends_at": _at(end - offset),
        "sport": "run",
        "announcement": f"{heading}: {minutes} min at {text}",
    }


def assert_step_states(hass: HomeAssistant, index: int, *, offset: float = 0) -> None:
    """Check every runner sensor while step ``index`` runs."""
    data = expected_step(index, offset=offset)
    step = state_of(hass, STEP)
    assert step.state == data["step"]
    next_step = STEPS[index + 1][1] if index + 1 < len(STEPS) else "finished"
    assert step.attributes["next_step"] == next_step
    assert step.attributes["repeat"] == data["repeat"]
    assert step.attributes["repeats"] == data["repeats"]
    assert step.attributes["repeat_text"] == data["repeat_text"]
    assert step.attributes["paused"] is False
    assert state_of(hass, ZONE).state == str(data["zone"])
    target = state_of(hass, TARGET)
    assert target.state == data["target_text"]
    assert target.attributes["low"] == data["target_low"]
    assert target.attributes["high"] == data["target_high"]
    assert target.attributes["unit"] == "m/s"
    low, high = state_of(hass, TARGET_LOW), state_of(hass, TARGET_HIGH)
    assert low.state == (STATE_UNKNOWN if data["target_low"] is None else "3.45")
    assert float(high.state) == data["target_high"]
    assert high.attributes[ATTR_UNIT_OF_MEASUREMENT] == "m/s"
    assert state_of(hass, STEP_ENDS).state == data["ends_at"]
    assert state_of(hass, WORKOUT_ENDS).state == _at(END - offset)


async def test_whole_workout(
    hass: HomeAssistant, run: Run, freezer: FrozenDateTimeFactory
) -> None:
    """Start, then every heads-up (10 s before) and every boundary, to the end."""
    await _press(hass, "start_workout")
    assert run.take() == [
        (
            "workout_started",
            {
                "workout": "Run \u00b7 Tempo \u00b7 50 min",
                "sport": "run",
                "duration": END,
                "ends_at": _at(END),
            },
        ),
        ("step_started", expected_step(0)),
    ]
    assert expected_step(0)["announcement"] == WARM_UP
    assert_step_states(hass, 0)
    now = 0
    for index in range(1, len(STEPS) + 1):
        boundary = STEPS[index][0] if index < len(STEPS) else END
        await tick(hass, freezer, boundary - 10 - now)
        assert run.take() == [
            ("step_ending", {**expected_step(index), "seconds_left": 10})
        ], boundary
        await tick(hass, freezer, 9.999)
        assert run.take() == []
        assert state_of(hass, STEP).state == STEPS[index - 1][1]
        await tick(hass, freezer, 0.001)
        now = boundary
        if index < len(STEPS):
            assert run.take() == [("step_started", expected_step(index))]
            assert_step_states(hass, index)
    assert run.take() == [
        (
            "workout_finished",
            {
                "workout": "Run \u00b7 Tempo \u00b7 50 min",
                "sport": "run",
                "duration": END,
                "ends_at": _at(END),
            },
        )
    ]
    assert state_of(hass, STEP).state == "finished"
    assert state_of(hass, ZONE).state == "0"
    for entity_id in (TARGET, TARGET_LOW, TARGET_HIGH, STEP_ENDS, WORKOUT_ENDS):
        assert state_of(hass, entity_id).state == STATE_UNKNOWN
    await tick(hass, freezer, 3600)
    assert run.take() == []


FINISHED_DATA = {
    "workout": "Run \u00b7 Tempo \u00b7 50 min",
    "sport": "run",
    "duration": END,
}


async def _call(hass: HomeAssistant, action: str, **data: Any) -> None:
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await hass.services.async_call(
        DOMAIN, action, {"config_entry_id": entry.entry_id, **data}, blocking=True
    )
    await hass.async_block_till_done()


async def test_pause_and_resume(
    hass: HomeAssistant, run: Run, freezer: FrozenDateTimeFactory
) -> None:
    """A pause freezes the step's clock; resuming continues it, heads-up once."""
    await _press(hass, "start_workout")
    run.take()
    await tick(hass, freezer, 100)
    await _press(hass, "pause_workout")
    paused = {**expected_step(0), "ends_at": None, "seconds_left": 500}
    assert run.take() == [("workout_paused", paused)]
    step = state_of(hass, STEP)
    assert step.state == "warm_up"
    assert step.attributes["paused"] is True
    assert step.attributes["seconds_left"] == 500
    assert state_of(hass, ZONE).state == "1"
    assert state_of(hass, STEP_ENDS).state == STATE_UNKNOWN
    assert state_of(hass, WORKOUT_ENDS).state == STATE_UNKNOWN
    with pytest.raises(ServiceValidationError) as refused:
        await _press(hass, "pause_workout")
    assert refused.value.translation_key == "run_already_paused"

    await tick(hass, freezer, 1000)  # paused across the first boundary
    assert run.take() == []
    await _press(hass, "resume_workout")
    resumed = {**expected_step(0, offset=-1000), "seconds_left": 500}
    assert run.take() == [("workout_resumed", resumed)]
    assert_step_states(hass, 0, offset=-1000)
    with pytest.raises(ServiceValidationError) as refused:
        await _press(hass, "resume_workout")
    assert refused.value.translation_key == "run_not_paused"

    await tick(hass, freezer, 490)
    heads_up = {**expected_step(1, offset=-1000), "seconds_left": 10}
    assert run.take() == [("step_ending", heads_up)]
    await tick(hass, freezer, 10)
    assert run.take() == [("step_started", expected_step(1, offset=-1000))]

    # Paused after the heads-up: resuming does not give it again.
    await tick(hass, freezer, 530)
    assert [event for event, _ in run.take()] == ["step_ending"]
    await tick(hass, freezer, 5)
    await _press(hass, "pause_workout")
    await tick(hass, freezer, 60)
    await _press(hass, "resume_workout")
    assert [event for event, _ in run.take()] == ["workout_paused", "workout_resumed"]
    await tick(hass, freezer, 5)
    assert run.take() == [("step_started", expected_step(2, offset=-1060))]


async def test_stop(
    hass: HomeAssistant, run: Run, freezer: FrozenDateTimeFactory
) -> None:
    """Stop ends the run at once; nothing follows; a new run can start."""
    await _press(hass, "start_workout")
    await tick(hass, freezer, 700)
    run.take()
    await _press(hass, "stop_workout")
    assert run.take() == [
        ("workout_stopped", {**FINISHED_DATA, "ends_at": _at(END), "step": "on"})
    ]
    assert state_of(hass, STEP).state == "idle"
    assert state_of(hass, ZONE).state == "0"
    assert state_of(hass, STEP_ENDS).state == STATE_UNKNOWN
    await tick(hass, freezer, END)
    assert run.take() == []
    for button, key in (
        ("stop_workout", "run_not_running"),
        ("pause_workout", "run_not_running"),
        ("resume_workout", "run_not_paused"),
    ):
        with pytest.raises(ServiceValidationError) as refused:
            await _press(hass, button)
        assert refused.value.translation_key == key
    assert str(refused.value) == "The workout is not paused"

    # A paused run stops as well; then the next one starts.
    await _call(hass, "start_workout")
    await _call(hass, "pause_workout")
    run.take()
    await _call(hass, "stop_workout")
    assert run.take() == [
        ("workout_stopped", {**FINISHED_DATA, "ends_at": None, "step": "warm_up"})
    ]
    await _call(hass, "start_workout")
    assert run.types() == ["workout_started", "step_started"]


async def test_join_late_and_lead(
    hass: HomeAssistant, run: Run, freezer: FrozenDateTimeFactory
) -> None:
    """An offset joins late; the heads-up comes ``lead`` seconds before."""
    await _call(hass, "start_workout", offset={"minutes": 11, "seconds": 40}, lead=30)
    assert run.take() == [
        ("workout_started", {**FINISHED_DATA, "ends_at": _at(END - 700)}),
        ("step_started", expected_step(1, offset=700)),
    ]
    assert_step_states(hass, 1, offset=700)
    await tick(hass, freezer, 440 - 31)
    assert run.take() == []
    await tick(hass, freezer, 1)
    heads_up = {**expected_step(2, offset=700), "seconds_left": 30}
    assert run.take() == [("step_ending", heads_up)]


async def test_lead_longer_than_the_step_and_none(
    hass: HomeAssistant, run: Run, freezer: FrozenDateTimeFactory
) -> None:
    """A lead longer than the step: the heads-up comes as it starts; 0: none."""
    await _call(hass, "start_workout", lead=600)
    heads_up = {**expected_step(1), "seconds_left": 600}
    assert run.take()[1:] == [
        ("step_started", expected_step(0)),
        ("step_ending", heads_up),
    ]
    await _call(hass, "stop_workout")
    run.take()

    await _call(hass, "start_workout", lead=0)
    await tick(hass, freezer, 600)
    assert run.types() == ["workout_started", "step_started", "step_started"]


REST_DAY = [endurance("2026-11-24"), endurance("2026-11-26")]


@pytest.mark.parametrize(
    ("plan_json", "data", "key", "message"),
    [
        (
            REST_DAY,
            {},
            "run_rest_day",
            "Today is a rest day in the plan: there is no workout to start",
        ),
        (
            [swim("2026-11-25")],
            {},
            "run_no_structure",
            "Swim has no steps in the plan that Home Assistant could play",
        ),
        (
            week_plan(),
            {"workout_index": 1},  # the swim
            "run_no_structure",
            "Swim has no steps in the plan that Home Assistant could play",
        ),
        (
            week_plan(),
            {"workout_index": 2},
            "run_workout_index_invalid",
            "Today has 2 workouts: there is none with index 2 (0 is the main workout)",
        ),
        (
            week_plan(),
            {"offset": 3000},
            "run_offset_too_long",
            "An offset of 3000 s is past the end of the workout (3000 s)",
        ),
    ],
    ids=["rest_day", "swim", "index_swim", "index_out_of_range", "offset"],
)
async def test_refused_starts(
    hass: HomeAssistant, run: Run, data: dict[str, Any], key: str, message: str
) -> None:
    """A start that cannot be played is refused with a translated error."""
    with pytest.raises(ServiceValidationError) as refused:
        await _call(hass, "start_workout", **data)
    assert refused.value.translation_key == key
    assert str(refused.value) == message
    assert state_of(hass, STEP).state == "idle"
    assert run.take() == []


async def test_refused_button_and_second_start(hass: HomeAssistant, run: Run) -> None:
    """The start button refuses a second run, running or paused."""
    await _press(hass, "start_workout")
    run.take()
    for pause in (True, False):
        with pytest.raises(ServiceValidationError) as refused:
            await _press(hass, "start_workout")
        assert refused.value.translation_key == "run_in_progress"
        if pause:
            await _press(hass, "pause_workout")
    assert run.types() == ["workout_paused"]


@pytest.mark.parametrize("plan_json", [REST_DAY])
async def test_rest_day_button(hass: HomeAssistant, run: Run) -> None:
    """Start on a rest day: the button shows the error too."""
    with pytest.raises(ServiceValidationError) as refused:
        await _press(hass, "start_workout")
    assert refused.value.translation_key == "run_rest_day"


async def test_action_fields_are_checked(hass: HomeAssistant, run: Run) -> None:
    """A lead beyond 10 minutes, a negative index: refused before the runner."""
    for data in ({"lead": 601}, {"workout_index": -1}, {"offset": -5}):
        with pytest.raises(vol.Invalid):
            await _call(hass, "start_workout", **data)
    assert run.take() == []


async def test_restart_in_the_middle_of_a_step(
    hass: HomeAssistant,
    run: Run,
    started: ConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """After a reload the run goes on: only the step now current is announced."""
    await tick(hass, freezer, 650)
    run.take()
    assert await hass.config_entries.async_unload(started.entry_id)
    await hass.async_block_till_done()
    stored = hass_storage[storage_key(started.entry_id)]["data"]["run"]
    assert stored["clock"] == {
        "started_at": _at(0),
        "paused": 0.0,
        "paused_at": None,
    }
    assert stored["lead"] == 10
    assert [step["kind"] for step in stored["plan"]["steps"]] == [
        step[1] for step in STEPS
    ]

    await tick(hass, freezer, 550)  # down across the boundary at 1140 s
    assert state_of(hass, STEP).state == STATE_UNAVAILABLE
    assert await hass.config_entries.async_setup(started.entry_id)
    await hass.async_block_till_done()
    assert run.take() == [("step_started", expected_step(2))]
    assert_step_states(hass, 2)
    await tick(hass, freezer, 230)
    assert run.types() == ["step_ending"]
    await tick(hass, freezer, 10)
    assert run.take() == [("step_started", expected_step(3))]


async def test_restart_after_the_end(
    hass: HomeAssistant,
    hass_storage: dict[str, Any],
    started: ConfigEntry,
    run: Run,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A run whose end passed while Home Assistant was down finishes, once."""
    assert await hass.config_entries.async_unload(started.entry_id)
    await tick(hass, freezer, 5000)
    assert await hass.config_entries.async_setup(started.entry_id)
    await tick(hass, freezer, 0)  # the Store's write
    assert run.take()[-1:] == [
        ("workout_finished", {**FINISHED_DATA, "ends_at": _at(END)})
    ]
    assert state_of(hass, STEP).state == "finished"
    assert hass_storage[storage_key(started.entry_id)]["data"] == {"run": None}


async def test_restart_while_paused(
    hass: HomeAssistant, run: Run, started: ConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A paused run stays paused across a reload, silently; then resumes."""
    await tick(hass, freezer, 100)
    await _press(hass, "pause_workout")
    assert await hass.config_entries.async_reload(started.entry_id)
    await hass.async_block_till_done()
    await tick(hass, freezer, 900)
    run.take()
    step = state_of(hass, STEP)
    assert (step.state, step.attributes["seconds_left"]) == ("warm_up", 500)
    await _press(hass, "resume_workout")
    assert run.take() == [
        ("workout_resumed", {**expected_step(0, offset=-900), "seconds_left": 500})
    ]


def _stored_run(started: str, paused_at: str | None = None) -> dict[str, Any]:
    """Return a Store's run: warm-up 60 s and an interval of 60 s at 250-265 W."""
    step = {
        "kind": "warm_up",
        "name": "Warm-up",
        "duration": 60,
        "zone": 1,
        "repeat": None,
        "repeats": None,
        "target_low": None,
        "target_high": 180,
        "target_unit": "W",
        "target_text": "up to 180 W",
        "repeat_text": None,
        "announcement": "Warm-up: 1 min at up to 180 W",
    }
    on = {
        **step,
        "kind": "on",
        "name": "Interval",
        "zone": 4,
        "repeat": 1,
        "repeats": 1,
        "target_low": 250,
        "target_high": 265.0,
        "target_text": "250\u2013265 W",
        "repeat_text": "1 of 1",
        "announcement": "Interval 1 of 1: 1 min at 250\u2013265 W",
    }
    return {
        "plan": {
            "version": 1,
            "day": "2026-11-25",
            "summary": "Ride \u00b7 Threshold \u00b7 2 min",
            "sport": "ride",
            "steps": [step, on],
            "finished_name": "Finished",
            "finished_announcement": "Workout finished",
        },
        "clock": {"started_at": started, "paused": 0, "paused_at": paused_at},
        "lead": 10,
    }


@pytest.fixture
def stored_run(
    hass_storage: dict[str, Any], config_entry: MockConfigEntry
) -> Callable[[dict[str, Any] | None], None]:
    """Return a function putting a run in the Store before Home Assistant starts."""

    def store(run: dict[str, Any] | None) -> None:
        hass_storage[storage_key(config_entry.entry_id)] = {
            "version": 1,
            "minor_version": 1,
            "key": storage_key(config_entry.entry_id),
            "data": {"run": run},
        }

    return store


async def test_start_with_a_stored_run(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    stored_run: Callable[[dict[str, Any] | None], None],
) -> None:
    """Home Assistant starts with a run in the Store, 90 s in: the interval."""
    stored_run(_stored_run("2026-11-25T06:58:30+00:00"))
    recorder = Run(hass)
    recorder.listen()
    await setup_simulator()
    [(event_type, data)] = recorder.take()
    assert event_type == "step_started"
    assert data["step"] == "on"
    assert data["target_text"] == "250\u2013265 W"
    assert data["target_unit"] == "W"
    assert data["ends_at"] == "2026-11-25T07:00:30+00:00"
    assert data["sport"] == "ride"
    assert state_of(hass, TARGET_HIGH).attributes[ATTR_UNIT_OF_MEASUREMENT] == "W"
    assert state_of(hass, TARGET_HIGH).state == "265.0"
    assert state_of(hass, ZONE).state == "4"


@pytest.mark.parametrize(
    "run_data",
    [
        {"plan": {"version": 2}, "clock": {}, "lead": 10},
        {**_stored_run("2026-11-25T06:58:30"), "lead": 10},  # no time zone
        {**_stored_run("2026-11-25T06:58:30+00:00"), "lead": "10"},
        {"clock": {}},
    ],
)
async def test_damaged_store(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    *,
    stored_run: Callable[[dict[str, Any] | None], None],
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
    freezer: FrozenDateTimeFactory,
    run_data: dict[str, Any],
) -> None:
    """A run the Store cannot give back is dropped with a warning; idle."""
    stored_run(run_data)
    entry = await setup_simulator()
    await tick(hass, freezer, 0)  # the Store's write
    assert "A stored workout run could not be read, dropped" in caplog.text
    assert state_of(hass, STEP).state == "idle"
    assert hass_storage[storage_key(entry.entry_id)]["data"] == {"run": None}


async def test_paused_in_the_store(
    hass: HomeAssistant,
    setup_simulator: SetupIntegration,
    stored_run: Callable[[dict[str, Any] | None], None],
) -> None:
    """A run stored paused comes back paused, 30 s left in its warm-up."""
    stored_run(_stored_run("2026-11-25T06:50:00+00:00", "2026-11-25T06:50:30+00:00"))
    await setup_simulator()
    step = state_of(hass, STEP)
    assert step.state == "warm_up"
    assert step.attributes["paused"] is True
    assert step.attributes["seconds_left"] == 30


async def test_plan_change_during_a_run(
    hass: HomeAssistant,
    run: Run,
    started: ConfigEntry,
    freezer: FrozenDateTimeFactory,
    simulator: SimulatorServer,
) -> None:
    """The run plays the workout it started with; the sensors show the new plan."""
    run.take()
    ride = interval("2026-11-25", "VO2Max", act_type="Ride", on=(330, 345), repeats=5)
    simulator.state.replace_plan("1", [ride])
    await started.runtime_data.coordinator.async_refresh()
    await hass.async_block_till_done()
    assert state_of(hass, "sensor.ai_endurance_workout_today").state == "vo2max"
    assert_step_states(hass, 0)
    await tick(hass, freezer, 600)
    assert run.take()[-1] == ("step_started", expected_step(1))
    assert_step_states(hass, 1)


async def test_remove_entry_removes_the_store(
    hass: HomeAssistant,
    run: Run,
    started: ConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """Removing the account removes its stored run."""
    await tick(hass, freezer, 0)  # the Store's write
    assert storage_key(started.entry_id) in hass_storage
    await hass.config_entries.async_remove(started.entry_id)
    await hass.async_block_till_done()
    assert storage_key(started.entry_id) not in hass_storage


async def test_two_accounts(
    hass: HomeAssistant,
    run: Run,
    freezer: FrozenDateTimeFactory,
    simulator: SimulatorServer,
) -> None:
    """Each account runs its own workout; one's requests leave the other alone."""
    simulator.state.replace_plan("2", [interval("2026-11-25", "Threshold", user=2)])
    second = MockConfigEntry(
        domain=DOMAIN,
        title="AI Endurance 2",
        unique_id="2",
        data={
            "auth_implementation": DOMAIN,
            "token": {**simulator.issue_token("2").to_json(), "expires_at": 4.1e9},
        },
    )
    second.add_to_hass(hass)
    assert await hass.config_entries.async_setup(second.entry_id)
    await hass.async_block_till_done()
    other = Run(hass, "event.ai_endurance_2_workout_run")
    other.listen()
    other_step = "sensor.ai_endurance_2_workout_step"

    await _press(hass, "start_workout")
    await tick(hass, freezer, 300)
    run.take()
    with pytest.raises(ServiceValidationError):
        await _press(hass, "pause_workout", "ai_endurance_2")
    await _press(hass, "start_workout", "ai_endurance_2")
    assert other.types() == ["workout_started", "step_started"]
    await tick(hass, freezer, 300)
    assert state_of(hass, STEP).state == "on"
    assert state_of(hass, other_step).state == "warm_up"
    await _press(hass, "pause_workout")
    await tick(hass, freezer, 300)
    assert state_of(hass, other_step).state == "on"
    assert other.types() == ["step_ending", "step_started"]
    await _press(hass, "stop_workout", "ai_endurance_2")
    assert state_of(hass, other_step).state == "idle"
    step = state_of(hass, STEP)
    assert (step.state, step.attributes["paused"]) == ("on", True)
    assert run.types() == ["step_ending", "step_started", "workout_paused"]


async def test_german(hass: HomeAssistant, setup_simulator: SetupIntegration) -> None:
    """Names, states and announcements in Home Assistant's language."""
    hass.config.language = "de"
    await setup_simulator()
    registry = er.async_get(hass)
    event_id = registry.async_get_entity_id("event", DOMAIN, "1_workout_run")
    step_id = registry.async_get_entity_id("sensor", DOMAIN, "1_workout_step")
    assert (event_id, step_id) == (
        "event.ai_endurance_trainingsablauf",
        "sensor.ai_endurance_trainingsabschnitt",
    )
    recorder = Run(hass, event_id)
    recorder.listen()
    await _press(hass, "training_starten")
    [_, (_, data)] = recorder.take()
    assert data["step_name"] == "Aufwärmen"
    assert data["announcement"] == "Aufwärmen: 10 min bei 4:50 /km oder langsamer"
    assert state_of(hass, step_id).name == "AI Endurance Trainingsabschnitt"


async def test_restart_after_the_heads_up_was_due(
    hass: HomeAssistant, run: Run, started: ConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Back 5 s before a change: the step again, no late heads-up."""
    await tick(hass, freezer, 650)
    run.take()
    assert await hass.config_entries.async_unload(started.entry_id)
    await tick(hass, freezer, 485)
    assert await hass.config_entries.async_setup(started.entry_id)
    await hass.async_block_till_done()
    assert run.take() == [("step_started", expected_step(1))]
    await tick(hass, freezer, 5)
    assert run.take() == [("step_started", expected_step(2))]
