# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Play a workout of short steps on the real clock; compare its timing with the floor.

    scripts/in-env python -m benchmarks.bench_runner [--rounds 3] [--step 2]

A real Home Assistant (the test harness's ``async_test_home_assistant``) set
up like ``scripts/develop`` against the simulator in-process, whose plan
today is one interval ride this benchmark makes: warm-up, four repeats of
on and off, extra endurance, cool-down, each ``--step`` seconds long. Each
round starts it (``ai_endurance.start_workout``, heads-up 1 s before each
change) and, at the same moment, schedules one bare
``async_track_point_in_utc_time`` callback for each planned boundary: the
floor, what any timer of Home Assistant gets. For every boundary it prints
the lag between the planned instant and the ``step_started`` event as an
automation sees it (the state change of ``event.ai_endurance_workout_run``;
``workout_finished`` at the end), next to the floor's lag for that instant.

Target: the median of the per-boundary ratios (run lag / floor lag) at most
``--max-ratio`` (1.5) and the worst run lag under ``--max-lag`` (250 ms);
exit 1 otherwise.
"""

import argparse
import asyncio
from collections.abc import Callable
import datetime as dt
import logging
import statistics
import sys
import tempfile
import time
from typing import Any, Final

from homeassistant.core import (
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import (
    async_track_point_in_utc_time,
    async_track_state_change_event,
)
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    async_test_home_assistant,
    mock_storage,
)

from benchmarks.bench_setup import BenchError, _not_expected, _prepare
from custom_components.ai_endurance.const import DOMAIN
from custom_components.ai_endurance.runner import WorkoutRunner
from simulator.testing import SimulatorServer

EVENT_ENTITY: Final = "event.ai_endurance_workout_run"
REPEATS: Final = 4
LEAD: Final = 1
"""Seconds of the heads-up: every step gets one, inside the measured run."""
ENDS: Final = frozenset({"step_started", "workout_finished"})
SETTLE: Final = 1.0
"""Seconds between rounds, and before the first."""


def short_workout(day: dt.date, step: int) -> dict[str, Any]:
    """Return today's interval ride of ``step``-second steps, as the API sends it."""
    return {
        "id": 1,
        "date": day.isoformat(),
        "title": "Benchmark ride",
        "user": 1,
        "steps": {
            "act_type": "Ride",
            "type": "Threshold",
            "stress": 10,
            "repeats": REPEATS,
            "duration_warmup": step,
            "duration_on": step,
            "duration_off": step,
            "duration_add_endurance": step,
            "duration_cooldown": step,
            "target_warmup_high": 180,
            "target_on_low": 250,
            "target_on_high": 265,
            "target_off_high": 150,
            "target_add_endurance_high": 190,
            "target_cooldown_high": 150,
        },
    }


class Round:
    """One run of the workout and the floor's callbacks for the same instants."""

    def __init__(self, hass: HomeAssistant, runner: WorkoutRunner) -> None:
        """Measure a run of ``runner`` in ``hass``."""
        self.hass = hass
        self.runner = runner
        self.planned: list[float] = []
        self.run_lags: list[float] = []
        self.floor_lags: dict[float, float] = {}
        self.done = asyncio.Event()

    @callback
    def _changed(self, event: Event[EventStateChangedData]) -> None:
        """Record the lag of a step change, seen as an automation sees it."""
        now = time.time()
        state = event.data["new_state"]
        if state is None or state.attributes.get("event_type") not in ENDS:
            return
        index = len(self.run_lags)
        if index < len(self.planned):
            self.run_lags.append(now - self.planned[index])
        if state.attributes["event_type"] == "workout_finished":
            self.done.set()

    def _floor(self, planned: float) -> Callable[[dt.datetime], None]:
        @callback
        def fired(_: dt.datetime) -> None:
            self.floor_lags[planned] = time.time() - planned

        return fired

    async def __call__(self, config_entry_id: str) -> None:
        """Start the workout, schedule the floor, wait for the end."""
        remove = async_track_state_change_event(
            self.hass, [EVENT_ENTITY], self._changed
        )
        try:
            await self.hass.services.async_call(
                DOMAIN,
                "start_workout",
                {"config_entry_id": config_entry_id, "lead": LEAD},
                blocking=True,
            )
            run = self.runner.run
            if run is None:
                msg = "the workout did not start"
                raise BenchError(msg)
            self.run_lags.clear()  # the first step starts on request, not on time
            self.planned = [run.clock.at(end).timestamp() for end in run.timeline.ends]
            for planned in self.planned:
                async_track_point_in_utc_time(
                    self.hass,
                    self._floor(planned),
                    dt_util.utc_from_timestamp(planned),
                )
            total = self.planned[-1] - time.time()
            async with asyncio.timeout(total + 5):
                await self.done.wait()
        finally:
            remove()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


async def _measure(
    hass: HomeAssistant, server: SimulatorServer, rounds: int, step: int
) -> tuple[list[float], list[float]]:
    """Set Home Assistant up, play ``rounds`` runs; return run and floor lags."""
    entry = await _prepare(hass, server)
    server.state.replace_plan("1", [short_workout(dt_util.now().date(), step)])
    if not await hass.config_entries.async_setup(entry.entry_id):
        msg = f"setup failed: {entry.state} {entry.reason}"
        raise BenchError(msg)
    await hass.async_block_till_done()
    runner: WorkoutRunner = entry.runtime_data.runner
    run_lags: list[float] = []
    floor_lags: list[float] = []
    for number in range(1, rounds + 1):
        await asyncio.sleep(SETTLE)
        measured = Round(hass, runner)
        await measured(entry.entry_id)
        print(f"round {number}: boundary   run lag    floor lag   ratio")
        for index, (lag, planned) in enumerate(
            zip(measured.run_lags, measured.planned, strict=True), start=1
        ):
            floor = measured.floor_lags[planned]
            run_lags.append(lag)
            floor_lags.append(floor)
            print(f"         {index:5d}  {_ms(lag)}  {_ms(floor)}  {lag / floor:6.2f}")
    return run_lags, floor_lags


async def run(rounds: int, step: int, max_ratio: float, max_lag: float) -> int:
    """Run the benchmark; return the exit status."""
    with (
        tempfile.TemporaryDirectory(prefix="bench_runner-") as config_dir,
        mock_storage(),
    ):
        async with (
            SimulatorServer(days=1, seed=1) as server,
            async_test_home_assistant(config_dir=config_dir) as hass,
        ):
            try:
                run_lags, floor_lags = await _measure(hass, server, rounds, step)
            finally:
                await hass.async_stop(force=True)
    ratios = [lag / floor for lag, floor in zip(run_lags, floor_lags, strict=True)]
    median_ratio = statistics.median(ratios)
    worst = max(run_lags)
    print(
        f"{len(run_lags)} boundaries of {step} s steps in {rounds} rounds; "
        f"median run lag {_ms(statistics.median(run_lags))}, "
        f"floor {_ms(statistics.median(floor_lags))}"
    )
    print(f"worst run lag {_ms(worst)} (target < {_ms(max_lag)})")
    print(f"median ratio run/floor {median_ratio:.2f} (target <= {max_ratio})")
    return 0 if median_ratio <= max_ratio and worst < max_lag else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_runner", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs of the workout")
    parser.add_argument("--step", type=int, default=2, help="seconds per step")
    parser.add_argument("--max-ratio", type=float, default=1.5)
    parser.add_argument(
        "--max-lag", type=float, default=0.25, help="seconds a boundary may be late"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(_not_expected)
    return asyncio.run(run(args.rounds, args.step, args.max_ratio, args.max_lag))


if __name__ == "__main__":
    sys.exit(main())
