# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Fetch a 365-day plan with the client, against the floor, in one run.

    scripts/in-env python -m benchmarks.bench_client [--rounds 60] [--days 365]

Starts the simulator in-process on 127.0.0.1 with a plan of ``--days`` days,
gets a token, then alternates rounds of

(a) the client: ``AIEnduranceClient.get_workouts(start)``, typed models
    included;
(b) the floor: the same GET with plain aiohttp and ``json.loads``, no models.

It prints the median of each and the ratio client/floor. The ratio is
reported rather than chased (readable models win over the last millisecond);
the run fails (exit 1) only above ``--max-ratio``, the limit the project set
for reading a year's plan. The order of (a) and (b) swaps every round, after
a few warm-up rounds that are not counted.
"""

import argparse
import asyncio
import datetime as dt
import gc
import json
import statistics
import sys
import time

import aiohttp
import orjson

from benchmarks.floor import FloorFetch, timed
from custom_components.ai_endurance.api import AIEnduranceClient, WorkoutPlan
from simulator import DEV_CLIENT_ID
from simulator.testing import SimulatorServer

MAX_RATIO = 3.0
WARMUP_ROUNDS = 5


def _parse_only(body: bytes, rounds: int) -> tuple[float, float]:
    """Median seconds of json.loads alone and of orjson plus models alone."""
    floor: list[float] = []
    models: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        json.loads(body)
        floor.append(time.perf_counter() - start)
        start = time.perf_counter()
        WorkoutPlan.from_list(orjson.loads(body))
        models.append(time.perf_counter() - start)
    return statistics.median(floor), statistics.median(models)


async def run(rounds: int, days: int, max_ratio: float) -> int:
    """Run the benchmark; return the exit status."""
    start = dt.date.today() - dt.timedelta(days=7)  # noqa: DTZ011 - plan days
    async with (
        SimulatorServer(days=days, seed=1, start=start) as server,
        aiohttp.ClientSession() as session,
    ):
        async with session.post(
            f"{server.url}/_sim/token", json={"athlete": "1"}
        ) as response:
            response.raise_for_status()
            token: str = (await response.json())["access_token"]

        async def provider() -> str:
            return token

        client = AIEnduranceClient(
            session, provider, client_id=DEV_CLIENT_ID, base_url=server.url
        )
        after = start - dt.timedelta(days=1)
        floor_fetch = FloorFetch(session, server.url, token, after)
        floor = floor_fetch.count

        async def with_client() -> int:
            return len(await client.get_workouts(after))

        client_times: list[float] = []
        floor_times: list[float] = []
        counts: set[int] = set()
        for index in range(WARMUP_ROUNDS + rounds):
            pair = (with_client, floor) if index % 2 else (floor, with_client)
            gc.collect()
            results = {}
            for call in pair:
                results[call] = await timed(call)
            if index < WARMUP_ROUNDS:
                continue
            client_times.append(results[with_client][0])
            floor_times.append(results[floor][0])
            counts.update((results[with_client][1], results[floor][1]))

        body = await floor_fetch.body()

    if len(counts) != 1:
        print(f"client and floor disagree on the workout count: {sorted(counts)}")
        return 2
    client_median = statistics.median(client_times)
    floor_median = statistics.median(floor_times)
    ratio = client_median / floor_median
    parse_floor, parse_models = _parse_only(body, rounds)
    print(
        f"plan: {days} days, {counts.pop()} workouts, {len(body) / 1024:.0f} KiB; "
        f"{rounds} rounds (+{WARMUP_ROUNDS} warm-up), alternating"
    )
    print(f"client get_workouts  median {client_median * 1000:8.2f} ms")
    print(f"floor aiohttp+json   median {floor_median * 1000:8.2f} ms")
    print(
        f"parse only: json.loads {parse_floor * 1000:.2f} ms, "
        f"orjson + models {parse_models * 1000:.2f} ms"
    )
    verdict = "ok" if ratio <= max_ratio else "OVER THE LIMIT"
    print(f"ratio client/floor   {ratio:.3f} (limit {max_ratio}) {verdict}")
    return 0 if ratio <= max_ratio else 1


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_client", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=60, help="measured rounds")
    parser.add_argument("--days", type=int, default=365, help="plan length in days")
    parser.add_argument(
        "--max-ratio", type=float, default=MAX_RATIO, help="highest ratio accepted"
    )
    args = parser.parse_args(argv)
    return asyncio.run(run(args.rounds, args.days, args.max_ratio))


if __name__ == "__main__":
    sys.exit(main())
