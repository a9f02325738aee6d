# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""FIT metadata next to reading the bytes; sending 1, 100, 1,000 files; in one run.

    scripts/in-env python -m benchmarks.bench_fit [--rounds 30] [--counts 1 100 1000]

(a) On the largest recording of ``tests/fixtures/fit`` (Edge 810, 148 KB,
    4,762 messages): the median time to read its bytes, to read its ping's
    metadata (:func:`fit.read_fit_metadata`: fitdecode, stopping early), to
    validate it (:func:`fit.validate_fit_file`: header, sizes, CRC), and, for
    comparison, to decode all of it with fitdecode and, when it is importable,
    with garmin-fit-sdk. Ratios are against reading the bytes.

(b) Sending N copies of that file (distinct names, so distinct
    ``summary_id``) through the real path: a Home Assistant (the test
    harness's ``async_test_home_assistant``, its Store on disk in a temporary
    folder), :class:`outbox.FitOutbox.async_submit`, the real
    :class:`AIEnduranceClient` and aiohttp, to the simulator in-process on
    127.0.0.1. For each N: the wall time, and the peak of memory allocated
    during the send (tracemalloc, every thread, the simulator's side
    included), then the ratios peak(1000)/peak(1) and peak(1000)/peak(100).
    A batch holds at most 10 files or 1.5 MiB of FIT data, so from 10 files
    on the peak is one batch (its bytes, base64 and JSON, at both ends) plus
    the queue's metadata, whatever N; one file is a batch of one.

Exits 1 if a file is not delivered exactly once, or if peak(1000)/peak(100)
is above ``--max-growth`` (1.5).
"""

import argparse
import asyncio
from collections import Counter
from collections.abc import Callable
import gc
import importlib
import itertools
import logging
import os
from pathlib import Path
import statistics
import sys
import tempfile
import time
import tracemalloc
from typing import Any

import aiohttp
import fitdecode
from pytest_homeassistant_custom_component.common import (  # type: ignore[import-untyped]
    async_test_home_assistant,
)

from custom_components.ai_endurance import fit
from custom_components.ai_endurance.api.client import AIEnduranceClient
from custom_components.ai_endurance.outbox import FitOutbox
from custom_components.ai_endurance.outbox_files import BATCH_MAX_BYTES, BATCH_MAX_FILES
from custom_components.ai_endurance.outbox_store import OutboxItem, Status
from simulator.accounts import DEV_CLIENT_ID
from simulator.testing import SimulatorServer

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "fit"
MAX_GROWTH = 1.5
_RUNS = itertools.count()


def largest_sample() -> Path:
    """Return the largest FIT recording of the test fixtures."""
    return max(FIXTURES.glob("*.fit"), key=lambda path: path.stat().st_size)


def median_seconds(action: Callable[[], Any], rounds: int) -> float:
    """Median wall time of ``action`` over ``rounds`` runs (after one warm-up)."""
    action()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fitdecode_all(path: Path) -> None:
    with fitdecode.FitReader(str(path)) as reader:
        for _ in reader:
            pass


def _garmin_sdk() -> Callable[[Path], Any] | None:
    """Return garmin-fit-sdk's whole-file decoder, if it is installed."""
    try:
        sdk = importlib.import_module("garmin_fit_sdk")
    except ImportError:
        return None

    def decode(path: Path) -> Any:
        return sdk.Decoder(sdk.Stream.from_file(str(path))).read()

    return decode


def measure_metadata(rounds: int) -> None:
    """Print (a)."""
    path = largest_sample()
    size = path.stat().st_size
    messages = fit.read_fit_metadata(path).messages_read
    read = median_seconds(path.read_bytes, rounds)
    rows: list[tuple[str, float]] = [
        ("read the bytes", read),
        (
            f"metadata (fitdecode, stops after {messages} messages)",
            median_seconds(lambda: fit.read_fit_metadata(path), rounds),
        ),
        (
            "validation (header, sizes, CRC)",
            median_seconds(lambda: fit.validate_fit_file(path), rounds),
        ),
        (
            "metadata + validation (what the action does)",
            median_seconds(lambda: fit.inspect_fit_file(path), rounds),
        ),
        (
            "fitdecode, whole file (for comparison)",
            median_seconds(lambda: _fitdecode_all(path), max(3, rounds // 10)),
        ),
    ]
    if (sdk := _garmin_sdk()) is not None:
        rows.append(
            (
                "garmin-fit-sdk, whole file (for comparison)",
                median_seconds(lambda: sdk(path), max(3, rounds // 10)),
            )
        )
    else:
        rows.append(("garmin-fit-sdk: not installed, not measured", float("nan")))
    print(f"(a) {path.name}: {size:,} bytes, median of {rounds} runs")
    for label, seconds in rows:
        print(f"    {label:<52} {seconds * 1000:9.3f} ms  {seconds / read:8.1f} x read")


def _make_copies(folder: Path, source: Path, count: int) -> list[OutboxItem]:
    """Link ``count`` names to ``source``: the items the action would queue."""
    info = fit.inspect_fit_file(source)
    folder.mkdir(exist_ok=True)
    items = []
    for index in range(count):
        path = folder / f"ride-{index:05d}.fit"
        if not path.exists():
            path.symlink_to(source)
        items.append(
            OutboxItem(
                summary_id=path.name,
                location=str(path),
                start_time=int(info.start_time.timestamp()),
                source="Home Assistant",
                size=info.size,
                mtime_ns=info.mtime_ns,
            )
        )
    return items


async def _send(
    hass: Any,
    server: SimulatorServer,
    session: aiohttp.ClientSession,
    count: int,
    *,
    trace: bool,
) -> tuple[float, int, int]:
    """Send ``count`` files; return (seconds, peak bytes or 0, requests).

    With ``trace``, tracemalloc follows the send (and slows it down): the
    time is measured in a run without it.
    """
    server.state.reset()
    token = server.issue_token("1").access_token

    async def token_provider() -> str:
        return token

    client = AIEnduranceClient(
        session, token_provider, client_id=DEV_CLIENT_ID, base_url=server.url
    )
    outbox = FitOutbox(hass, f"bench-{next(_RUNS)}", client, start_reauth=lambda: None)
    await outbox.async_load()
    items = await hass.async_add_executor_job(
        _make_copies, Path(hass.config.path("fit")), largest_sample(), count
    )
    gc.collect()
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    results = await outbox.async_submit(items)
    seconds = time.perf_counter() - start
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    received = Counter(ping.summary_id for ping in server.state.pings)
    if {r.status for r in results} != {Status.SENT} or received != Counter(
        {item.summary_id: 1 for item in items}
    ):
        msg = f"{count} files: not every file was delivered exactly once"
        raise RuntimeError(msg)
    requests = server.state.request_count("/api/fit_partner_ping/", "POST")
    return seconds, peak, requests


async def measure_sending(counts: list[int]) -> dict[int, int]:
    """Print (b); return the peak per count."""
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench_fit-") as config_dir:
        async with (
            SimulatorServer() as server,
            aiohttp.ClientSession() as session,
            async_test_home_assistant(config_dir=config_dir) as hass,
        ):
            try:
                await _send(hass, server, session, 1, trace=False)  # warm-up
                size = largest_sample().stat().st_size
                print(
                    f"(b) sending copies of {largest_sample().name} ({size:,} bytes) "
                    f"through the outbox and client; batches of at most "
                    f"{BATCH_MAX_FILES} files / {BATCH_MAX_BYTES / 1024**2:.1f} MiB"
                )
                for count in counts:
                    seconds, _, requests = await _send(
                        hass, server, session, count, trace=False
                    )
                    _, peak, _ = await _send(hass, server, session, count, trace=True)
                    peaks[count] = peak
                    print(
                        f"    {count:>5} files: {seconds:8.3f} s "
                        f"({seconds / count * 1000:6.2f} ms/file), "
                        f"{requests:>4} requests, peak {peak / 1024**2:7.2f} MiB"
                    )
            finally:
                await hass.async_stop(force=True)
    return peaks


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_fit", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--rounds", type=int, default=30, help="runs per timing (a)")
    parser.add_argument(
        "--counts", type=int, nargs="+", default=[1, 100, 1000], help="files (b)"
    )
    parser.add_argument("--max-growth", type=float, default=MAX_GROWTH)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    measure_metadata(args.rounds)
    peaks = asyncio.run(measure_sending(args.counts))
    status = 0
    if 1 in peaks and 1000 in peaks:
        print(f"    peak(1000)/peak(1)   {peaks[1000] / peaks[1]:6.2f}")
    if 100 in peaks and 1000 in peaks:
        growth = peaks[1000] / peaks[100]
        print(f"    peak(1000)/peak(100) {growth:6.2f}")
        if growth > args.max_growth:
            print(f"    memory grows with the count (limit {args.max_growth})")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
