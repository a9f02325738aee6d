# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Set up the integration against the simulator, against the floor, in one run.

    scripts/in-env python -m benchmarks.bench_setup [--rounds 15] [--days 365] [--list]

Starts the simulator in-process on 127.0.0.1 with a plan of ``--days`` days
and a real Home Assistant (the test harness's ``async_test_home_assistant``,
storage in memory, config folder in a temporary directory) set up like
``scripts/develop``: the simulator's development client as application
credentials, the development base-URL override, one config entry holding a
token the simulator issued. Then it alternates rounds of

(a) setup: ``hass.config_entries.async_setup`` of the entry, until every
    enabled entity of the entry has a state written in this round (the
    coordinator's first refresh, four platforms, the outbox); the entry is
    unloaded after each round, outside the measured time;
(b) the floor: the GET the coordinator sends (same URL, same ``startDate``,
    same token) with plain aiohttp and ``json.loads``, no models.

It prints the median of each and the ratio setup/floor; there is no target,
so it exits 0 unless something is broken. The order of (a) and (b) swaps
every round, after warm-up rounds that are not counted (the first setup also
imports the platforms and creates the registry entries: printed apart).
"""

import argparse
import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
import datetime as dt
import gc
import logging
import statistics
import sys
import tempfile
import time
from typing import Final

import aiohttp
from homeassistant.components.application_credentials import (
    ClientCredential,
    async_import_client_credential,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import (
    DOMAIN as HOMEASSISTANT_DOMAIN,
    Event,
    EventStateChangedData,
    HomeAssistant,
    State,
    callback,
)
from homeassistant.helpers import entity_registry as er, frame, translation
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.loader import DATA_CUSTOM_COMPONENTS
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    MockConfigEntry,
    async_test_home_assistant,
    mock_storage,
)
from yarl import URL

from benchmarks.floor import FloorFetch, timed

# Imported here, before any Home Assistant instance exists: the loader then
# finds this repository's custom_components, not the harness's testing_config.
from custom_components.ai_endurance.api import TOKEN_URL, WORKOUTS_PATH
from custom_components.ai_endurance.const import CONF_DEV_BASE_URL, DOMAIN
from custom_components.ai_endurance.coordinator import fetch_start
from simulator import DEV_CLIENT_ID, DEV_CLIENT_SECRET
from simulator.testing import SimulatorServer

WARMUP_ROUNDS: Final = 2
STATE_TIMEOUT: Final = 30.0
"""Seconds a round may wait for the entities' states after setup returned."""
TOKEN_LIFETIME: Final = 36000
"""Seconds the stored access token stays valid: no refresh during the run."""
ATTR_RESTORED: Final = "restored"
TOKEN_PATH: Final = URL(TOKEN_URL).path
EXPECTED_WARNINGS: Final = (
    ("homeassistant.loader", "We found a custom integration"),
    ("aiohttp_fast_zlib", "zlib_ng and isal are not available"),
    ("custom_components.ai_endurance", "Development override"),
)
"""Warnings every run logs by design: not shown."""


def _not_expected(record: logging.LogRecord) -> bool:
    """Drop the warnings listed in ``EXPECTED_WARNINGS`` (a logging filter)."""
    return not any(
        record.name == name and str(record.msg).startswith(prefix)
        for name, prefix in EXPECTED_WARNINGS
    )


class BenchError(RuntimeError):
    """The benchmark could not measure what it should (a setup failed...)."""


def _fresh(state: State | None, since: float) -> bool:
    """Whether ``state`` was written by the entity at or after ``since``.

    An unloaded entry leaves ``unavailable`` states marked ``restored``: those
    are not the entity's.
    """
    return (
        state is not None
        and state.last_updated_timestamp >= since
        and not state.attributes.get(ATTR_RESTORED)
    )


def _enabled_entities(hass: HomeAssistant, entry: ConfigEntry) -> set[str]:
    """Return the entity ids of ``entry`` that are enabled (they get a state)."""
    return {
        entity.entity_id
        for entity in er.async_entries_for_config_entry(
            er.async_get(hass), entry.entry_id
        )
        if entity.disabled_by is None
    }


async def _wait_for_states(
    hass: HomeAssistant, missing: set[str], since: float
) -> None:
    """Return once every entity in ``missing`` has a state written since ``since``."""
    done = asyncio.Event()

    @callback
    def changed(event: Event[EventStateChangedData]) -> None:
        if _fresh(event.data["new_state"], since):
            missing.discard(event.data["entity_id"])
            if not missing:
                done.set()

    remove = async_track_state_change_event(hass, set(missing), changed)
    try:
        async with asyncio.timeout(STATE_TIMEOUT):
            await done.wait()
    finally:
        remove()


class SetupRound:
    """One measured setup of the entry, and its unload."""

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Measure setups of ``entry`` in ``hass``."""
        self.hass = hass
        self.entry = entry
        self.states: dict[str, str] = {}
        """Entity id -> state after the last setup."""
        self.disabled = 0
        """Entities of the entry disabled by default (no state)."""

    async def __call__(self) -> int:
        """Set up until every enabled entity has a state; return the plan's length."""
        hass, entry = self.hass, self.entry
        since = time.time()
        if not await hass.config_entries.async_setup(entry.entry_id):
            msg = f"setup failed: {entry.state} {entry.reason}"
            raise BenchError(msg)
        expected = _enabled_entities(hass, entry)
        if missing := {
            entity_id
            for entity_id in expected
            if not _fresh(hass.states.get(entity_id), since)
        }:
            await _wait_for_states(hass, missing, since)
        return len(entry.runtime_data.coordinator.data)

    async def unload(self) -> None:
        """Record the states, then unload the entry (not measured)."""
        hass, entry = self.hass, self.entry
        await hass.async_block_till_done()
        expected = _enabled_entities(hass, entry)
        self.states = {
            entity_id: state.state
            for entity_id in sorted(expected)
            if (state := hass.states.get(entity_id)) is not None
        }
        self.disabled = len(
            er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id)
        ) - len(expected)
        if not await hass.config_entries.async_unload(entry.entry_id):
            msg = "unload failed"
            raise BenchError(msg)
        await hass.async_block_till_done()


async def _prepare(hass: HomeAssistant, server: SimulatorServer) -> ConfigEntry:
    """Set Home Assistant up like scripts/develop; return the (unloaded) entry."""
    # What the harness's `hass` and `enable_custom_integrations` fixtures do.
    hass.data.pop(DATA_CUSTOM_COMPONENTS)
    frame.async_setup(hass)
    await translation.async_load_integrations(hass, {HOMEASSISTANT_DOMAIN})

    if not await async_setup_component(hass, "application_credentials", {}):
        msg = "application_credentials did not set up"
        raise BenchError(msg)
    await async_import_client_credential(
        hass, DOMAIN, ClientCredential(DEV_CLIENT_ID, DEV_CLIENT_SECRET), DOMAIN
    )
    if not await async_setup_component(
        hass, DOMAIN, {DOMAIN: {CONF_DEV_BASE_URL: server.url}}
    ):
        msg = f"{DOMAIN} did not set up"
        raise BenchError(msg)

    pair = server.issue_token("1")
    mock_entry = MockConfigEntry(
        domain=DOMAIN,
        title="AI Endurance",
        unique_id="1",
        data={
            "auth_implementation": DOMAIN,
            "token": {**pair.to_json(), "expires_at": time.time() + TOKEN_LIFETIME},
        },
    )
    mock_entry.add_to_hass(hass)
    entry: ConfigEntry = mock_entry
    return entry


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


async def _measure(
    hass: HomeAssistant,
    server: SimulatorServer,
    session: aiohttp.ClientSession,
    rounds: int,
    *,
    list_states: bool,
) -> int:
    """Alternate setup and floor rounds; print the results; return the exit status."""
    entry = await _prepare(hass, server)
    setup = SetupRound(hass, entry)
    after = fetch_start(dt_util.now().date())  # what the coordinator sends
    floor = FloorFetch(
        session, server.url, entry.data["token"]["access_token"], after
    ).count
    calls: tuple[Callable[[], Awaitable[int]], Callable[[], Awaitable[int]]] = (
        setup,
        floor,
    )

    setup_times: list[float] = []
    floor_times: list[float] = []
    cold: float | None = None
    counts: set[int] = set()
    for index in range(WARMUP_ROUNDS + rounds):
        pair = calls if index % 2 else calls[::-1]
        gc.collect()
        results: dict[Callable[[], Awaitable[int]], tuple[float, int]] = {}
        for call in pair:
            results[call] = await timed(call)
            if call is setup:
                await setup.unload()
        if cold is None:
            cold = results[setup][0]
        if index < WARMUP_ROUNDS:
            continue
        setup_times.append(results[setup][0])
        floor_times.append(results[floor][0])
        counts.update((results[setup][1], results[floor][1]))

    if len(counts) != 1:
        print(f"setup and floor disagree on the workout count: {sorted(counts)}")
        return 2
    states = Counter(
        "unavailable"
        if state == STATE_UNAVAILABLE
        else "unknown"
        if state == STATE_UNKNOWN
        else "a value"
        for state in setup.states.values()
    )
    setup_median = statistics.median(setup_times)
    floor_median = statistics.median(floor_times)
    print(
        f"plan: {server.state.days} days, {counts.pop()} workouts after "
        f"{after.isoformat()}; {rounds} rounds (+{WARMUP_ROUNDS} warm-up), "
        "alternating"
    )
    print(f"first setup (cold, warm-up)   {_ms(cold or 0.0)}")
    print(f"setup until all states median {_ms(setup_median)}")
    print(f"floor aiohttp+json     median {_ms(floor_median)}")
    print(
        f"entities with a state: {len(setup.states)} "
        f"({', '.join(f'{n} {kind}' for kind, n in sorted(states.items()))}); "
        f"{setup.disabled} disabled by default"
    )
    total = WARMUP_ROUNDS + rounds
    gets = server.state.request_count(WORKOUTS_PATH)
    refreshes = server.state.request_count(TOKEN_PATH, "POST")
    print(
        f"simulator: {gets} workout GETs for {total} setups and {total} floor "
        f"fetches, {refreshes} token requests"
    )
    if list_states:
        for entity_id, state in setup.states.items():
            print(f"  {entity_id} = {state}")
    print(f"ratio setup/floor      {setup_median / floor_median:.2f}")
    return 0


async def run(rounds: int, days: int, *, list_states: bool = False) -> int:
    """Run the benchmark; return the exit status."""
    start = dt.date.today() - dt.timedelta(days=7)  # noqa: DTZ011 - plan days
    with (
        tempfile.TemporaryDirectory(prefix="bench_setup-") as config_dir,
        mock_storage(),
    ):
        async with (
            SimulatorServer(days=days, seed=1, start=start) as server,
            aiohttp.ClientSession() as session,
            async_test_home_assistant(config_dir=config_dir) as hass,
        ):
            try:
                return await _measure(
                    hass, server, session, rounds, list_states=list_states
                )
            finally:
                await hass.async_stop(force=True)


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_setup", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=15, help="measured rounds")
    parser.add_argument("--days", type=int, default=365, help="plan length in days")
    parser.add_argument(
        "--list", action="store_true", help="print each entity's state as well"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(_not_expected)
    return asyncio.run(run(args.rounds, args.days, list_states=args.list))


if __name__ == "__main__":
    sys.exit(main())
