# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Shared fixtures.

The integration package is imported before the `hass` fixture runs: otherwise
the test harness's own testing_config/custom_components shadows ours.
"""

import custom_components.ai_endurance  # noqa: F401, I001 (must come first)

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime, timedelta
import json
from pathlib import Path
import time
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.application_credentials import (
    ClientCredential,
    async_import_client_credential,
)
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_fire_time_changed_exact,
)
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
)
from pytest_homeassistant_custom_component.test_util.aiohttp import (
    AiohttpClientMocker,
)

from custom_components.ai_endurance.api.const import API_BASE_URL, WORKOUTS_PATH
from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.presentation import Phrases
from simulator.accounts import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from simulator.testing import SimulatorServer
from syrupy.assertion import SnapshotAssertion
from syrupy.location import PyTestLocation

from .workout_samples import ENDURANCE_STEPS, LONG_RUN_STEPS, TEMPO_STEPS


@pytest.fixture
async def simulator(socket_enabled: None) -> AsyncIterator[SimulatorServer]:
    """Run the AI Endurance simulator on 127.0.0.1 (OS-chosen port) for one test.

    Sockets are enabled for the test; pytest-socket still allows connections
    to 127.0.0.1 only. Default plan: 60 days from today minus 7, seed 1.
    """
    async with SimulatorServer() as server:
        yield server


async def advance(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    seconds: float,
    *,
    exact: bool = False,
) -> None:
    """Move the frozen clock on, fire what is due and wait until it is done.

    ``exact`` fires at the very microsecond; otherwise Home Assistant's helper
    fires no earlier than half past the second, as its time listeners expect.
    """
    freezer.tick(timedelta(seconds=seconds))
    if exact:
        async_fire_time_changed_exact(hass)
    else:
        async_fire_time_changed(hass)
    await hass.async_block_till_done()


async def advance_to(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, moment: datetime
) -> None:
    """Move the frozen clock to ``moment``, fire what is due and wait for it."""
    freezer.move_to(moment)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def entity_id_of(hass: HomeAssistant, platform: str, unique_id: str) -> str:
    """Return the id of the integration's entity with ``unique_id``."""
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, unique_id)
    assert entity_id is not None, unique_id
    return entity_id


def state_of(hass: HomeAssistant, entity_id: str) -> State:
    """Return the state of ``entity_id``, which must exist."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


# --- Integration core (config flow, coordinator, sensors) -------------------

CLIENT_ID = "test-client-id"
CLIENT_SECRET = "test-client-secret"
ACCESS_TOKEN = "test-access-token"
REFRESH_TOKEN = "test-refresh-token"
WORKOUTS_URL = f"{API_BASE_URL}{WORKOUTS_PATH}"
TIME_ZONE = "Europe/Berlin"
NOW = "2026-11-25T08:00:00+01:00"
"""A Wednesday morning in Berlin; the plan below is built around this week."""
TODAY = date(2026, 11, 25)
FAR_FUTURE = 4102444800.0  # 2100-01-01: tokens that never expire in a test


def endurance(
    day: str,
    *,
    act_type: str = "Run",
    duration: int = ENDURANCE_STEPS["duration"],
    stress: float = ENDURANCE_STEPS["stress"],
    high: float | None = ENDURANCE_STEPS["target_high"],
    is_long: bool = False,
    user: int | None = 1,
    workout_id: int | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """Return an endurance workout as the API sends it (by default the easy run)."""
    return {
        "id": workout_id or int(day.replace("-", "")),
        "date": day,
        "title": title or f"Endurance {act_type} {duration // 60} min",
        "user": user,
        "steps": {
            **ENDURANCE_STEPS,
            "act_type": act_type,
            "duration": duration,
            "stress": stress,
            "is_long": is_long,
            "target_high": high,
        },
    }


def interval(
    day: str,
    workout_type: str,
    *,
    act_type: str = "Run",
    stress: float = TEMPO_STEPS["stress"],
    on: tuple[float | None, float | None] = (
        TEMPO_STEPS["target_on_low"],
        TEMPO_STEPS["target_on_high"],
    ),
    easy: float = TEMPO_STEPS["target_off_high"],
    endurance_high: float = TEMPO_STEPS["target_warmup_high"],
    repeats: int = TEMPO_STEPS["repeats"],
    user: int | None = 1,
) -> dict[str, Any]:
    """Return an interval workout: the documented Tempo run's blocks, other targets.

    ``easy`` bounds the recoveries and the cool-down, ``endurance_high`` the
    warm-up and any extra endurance.
    """
    return {
        "id": int(day.replace("-", "")) * 10,
        "date": day,
        "title": f"{workout_type} {act_type}",
        "user": user,
        "steps": {
            **TEMPO_STEPS,
            "act_type": act_type,
            "type": workout_type,
            "stress": stress,
            "repeats": repeats,
            "target_off_high": easy,
            "target_warmup_high": endurance_high,
            "target_cooldown_high": easy,
            "target_add_endurance_high": endurance_high,
            "target_on_low": on[0],
            "target_on_high": on[1],
        },
    }


def threshold_ride(day: str, *, user: int | None = 1) -> dict[str, Any]:
    """Return a threshold ride on power: 3 x 9 min at 250-265 W."""
    return interval(
        day,
        "Threshold",
        act_type="Ride",
        stress=70,
        on=(250, 265),
        easy=150,
        endurance_high=190,
        repeats=3,
        user=user,
    )


def swim(day: str, *, user: int | None = 1) -> dict[str, Any]:
    """Return a swim: no steps, so no type, duration or stress."""
    return {"id": 9000, "date": day, "title": "Technique Swim 30 min", "user": user}


def week_plan(user: int | None = 1) -> list[dict[str, Any]]:
    """Return the test plan: every workout type, a rest day, a two-workout day.

    Mon 23 endurance run, Tue 24 threshold ride (power), Wed 25 (today) the
    documented tempo run and a swim, Thu 26 VO2max run on running power, Fri
    27 rest, Sat 28 anaerobic ride, Sun 29 long run, Mon 30 an unknown type.
    """
    return [
        endurance("2026-11-23", user=user),
        threshold_ride("2026-11-24", user=user),
        swim("2026-11-25", user=user),
        interval("2026-11-25", "Tempo", user=user),
        interval(
            "2026-11-26",
            "VO2Max",
            on=(330, 345),
            easy=220,
            endurance_high=260,
            stress=60,
            user=user,
        ),
        interval(
            "2026-11-28",
            "Anaerobic",
            act_type="Ride",
            stress=55,
            on=(400, None),
            easy=140,
            endurance_high=180,
            repeats=6,
            user=user,
        ),
        endurance(
            "2026-11-29",
            duration=LONG_RUN_STEPS["duration"],
            stress=LONG_RUN_STEPS["stress"],
            high=LONG_RUN_STEPS["target_high"],
            is_long=True,
            user=user,
        ),
        {
            "id": 20261130,
            "date": "2026-11-30",
            "title": "Strength",
            "user": user,
            "steps": {"act_type": "WeightTraining", "type": "Strength"},
        },
    ]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Enable custom integrations in every test that uses `hass`.

    Only those: the API client and simulator tests run without Home Assistant.
    """
    if "hass" in request.fixturenames:
        request.getfixturevalue("enable_custom_integrations")


@pytest.fixture
async def berlin(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Put Home Assistant in Berlin on the Wednesday of the test plan."""
    await hass.config.async_set_time_zone(TIME_ZONE)
    freezer.move_to(NOW)


@pytest.fixture
async def setup_credentials(hass: HomeAssistant) -> None:
    """Store application credentials for the integration."""
    assert await async_setup_component(hass, "application_credentials", {})
    await async_import_client_credential(
        hass, DOMAIN, ClientCredential(CLIENT_ID, CLIENT_SECRET), DOMAIN
    )


@pytest.fixture
def token_expires_at() -> float:
    """Return when the stored access token expires."""
    return FAR_FUTURE


@pytest.fixture
def entry_token(token_expires_at: float) -> dict[str, Any]:
    """Return the OAuth2 token stored in the entry."""
    return {
        "access_token": ACCESS_TOKEN,
        "refresh_token": REFRESH_TOKEN,
        "token_type": "Bearer",
        "scope": "read write",
        "expires_in": 36000,
        "expires_at": token_expires_at,
    }


@pytest.fixture
def config_entry(entry_token: dict[str, Any]) -> MockConfigEntry:
    """Return the entry of account 1 (not added to Home Assistant yet)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="AI Endurance",
        unique_id="1",
        data={"auth_implementation": DOMAIN, "token": entry_token},
    )


@pytest.fixture
def plan_json() -> list[dict[str, Any]]:
    """Return the workouts the mocked API answers with."""
    return week_plan()


@pytest.fixture
def mock_workouts(
    aioclient_mock: AiohttpClientMocker, plan_json: list[dict[str, Any]]
) -> AiohttpClientMocker:
    """Answer the workouts endpoint with `plan_json`."""
    aioclient_mock.get(WORKOUTS_URL, json=plan_json)
    return aioclient_mock


type SetupIntegration = Callable[[], Awaitable[MockConfigEntry]]


@pytest.fixture
def setup_integration(
    hass: HomeAssistant,
    berlin: None,
    setup_credentials: None,
    config_entry: MockConfigEntry,
) -> SetupIntegration:
    """Return a function adding `config_entry` and setting it up."""

    async def setup() -> MockConfigEntry:
        config_entry.add_to_hass(hass)
        await hass.config_entries.async_setup(config_entry.entry_id)
        await hass.async_block_till_done()
        return config_entry

    return setup


@pytest.fixture
async def setup_simulator(
    hass: HomeAssistant,
    simulator: SimulatorServer,
    setup_integration: SetupIntegration,
    plan_json: list[dict[str, Any]],
) -> SetupIntegration:
    """Return `setup_integration` against the simulator (real HTTP) serving `plan_json`.

    The development override points the integration at the simulator. A
    module using it overrides `entry_token` with `simulator_token`, so the
    entry holds a token the simulator issued to athlete 1.
    """
    simulator.state.replace_plan("1", plan_json)
    assert await async_setup_component(
        hass, DOMAIN, {DOMAIN: {"dev_base_url": simulator.url}}
    )
    return setup_integration


@pytest.fixture
def simulator_token(simulator: SimulatorServer) -> dict[str, Any]:
    """Return a token the simulator issued to athlete 1 (use as `entry_token`)."""
    return {**simulator.issue_token("1").to_json(), "expires_at": FAR_FUTURE}


@pytest.fixture
async def dev_setup(hass: HomeAssistant, simulator: SimulatorServer) -> None:
    """Set up like scripts/develop: the development client, the YAML override."""
    assert await async_setup_component(hass, "application_credentials", {})
    await async_import_client_credential(
        hass, DOMAIN, ClientCredential(DEV_CLIENT_ID, DEV_CLIENT_SECRET), DOMAIN
    )
    assert await async_setup_component(
        hass, DOMAIN, {DOMAIN: {"dev_base_url": simulator.url}}
    )


type AddAccount = Callable[..., Awaitable[MockConfigEntry]]


@pytest.fixture
def add_account(
    hass: HomeAssistant, simulator: SimulatorServer, dev_setup: None
) -> AddAccount:
    """Return a function adding and setting up an account of the simulator.

    Its token is one the simulator issued to `athlete` for `client_id` (the
    development client unless told), valid for the simulator's 10 hours.
    """

    async def add(
        athlete: str = "1", *, client_id: str = DEV_CLIENT_ID
    ) -> MockConfigEntry:
        token = {
            **simulator.issue_token(athlete, client_id).to_json(),
            "expires_at": time.time() + 36000,
        }
        entry = MockConfigEntry(
            domain=DOMAIN,
            title=f"AI Endurance ({athlete})",
            unique_id=athlete,
            data={"auth_implementation": DOMAIN, "token": token},
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        return entry

    return add


@pytest.fixture
def mock_setup_entry() -> Any:
    """Keep the config flow tests from setting the entry up."""
    with patch(
        "custom_components.ai_endurance.async_setup_entry", return_value=True
    ) as mock:
        yield mock


class SnapshotsFolder(HomeAssistantSnapshotExtension):
    """Home Assistant's snapshot format, always in `tests/snapshots/`.

    Depending on the plugin versions, the `snapshot` fixture writes to
    `snapshots/` or syrupy's `__snapshots__/`; the core tests pin the folder
    (override `snapshot` in the module) so every Home Assistant version tested
    reads the same files.
    """

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """Return `snapshots/` next to the test file."""
        return str(Path(test_location.filepath).parent / "snapshots")


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Keep every module's snapshots in tests/snapshots/ (see SnapshotsFolder)."""
    return snapshot.use_extension(SnapshotsFolder)


def load_phrases(language: str = "en") -> Phrases:
    """Return the workout phrases (``common``) of a shipped translation."""
    root = Path(__file__).parent.parent
    path = root / "custom_components" / DOMAIN / "translations" / f"{language}.json"
    return Phrases(json.loads(path.read_text(encoding="utf-8"))["common"])
