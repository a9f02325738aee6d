# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Command line: `python -m simulator --port 8765`."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
import logging
from typing import Final

from aiohttp import web

from .accounts import ATHLETES, DEV_CLIENT_ID, DEV_CLIENT_SECRET
from .app import create_app
from .plan import Sport
from .state import DEFAULT_DAYS, DEFAULT_SEED, SimulatorState, parse_iso_date

_LOGGER = logging.getLogger("simulator")

TODAY_CHOICES: Final[dict[str, Sport | None]] = {
    "as-is": None,
    "interval": None,
    "run": "Run",
    "ride": "Ride",
}
"""`--today`: which interval workout to move to today (any sport: None)."""

ACCESS_LOG_FORMAT = '%a "%r" %s %b %Tfs'
"""Access log without Referer or headers: no code or token can reach the log."""


def _start_date(value: str) -> date:
    day = parse_iso_date(value)
    if day is None:
        msg = f"expected YYYY-MM-DD, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return day


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        msg = f"expected a positive integer, got {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return number


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="A local AI Endurance (OAuth2 and Partner API) for development.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="default: 127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="default: 8765")
    parser.add_argument(
        "--days",
        type=_positive,
        default=DEFAULT_DAYS,
        help=f"plan length in days (default {DEFAULT_DAYS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"plan seed (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--start",
        type=_start_date,
        default=None,
        help="first plan date, YYYY-MM-DD (default: today minus 7 days)",
    )
    parser.add_argument(
        "--today",
        choices=TODAY_CHOICES,
        default="as-is",
        help="'interval' shifts each athlete's plan so that today holds an"
        " interval workout (a run, else a ride), 'run' or 'ride' one of that"
        " sport: something for the workout runner to play (default: as-is)",
    )
    parser.add_argument(
        "--short-steps",
        action="store_true",
        help="every step of today's workouts lasts one minute: a quick"
        " demonstration of the workout runner",
    )
    parser.add_argument(
        "--public-url",
        default=None,
        help="base of absolute URLs in answers (default: from each request)",
    )
    return parser.parse_args(argv)


def prepare_today(state: SimulatorState, today: str, *, short_steps: bool) -> None:
    """Put an interval workout on today (local time), with short steps if asked."""
    day = state.now().astimezone().date()
    for athlete in state.athletes:
        if today != "as-is":
            sport = TODAY_CHOICES[today]
            try:
                shift = state.interval_on(athlete, day, sport)
            except ValueError as err:
                _LOGGER.warning("Athlete %s: %s", athlete, err)
            else:
                _LOGGER.info("Athlete %s: plan shifted by %d days", athlete, shift)
        if short_steps:
            changed = state.one_minute_steps(athlete, day)
            _LOGGER.info(
                "Athlete %s: %d workouts with 1-minute steps", athlete, changed
            )


def main(argv: Sequence[str] | None = None) -> None:
    """Run the simulator until interrupted."""
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    state = SimulatorState(
        days=args.days, seed=args.seed, start=args.start, public_url=args.public_url
    )
    prepare_today(state, args.today, short_steps=args.short_steps)
    base = f"http://{args.host}:{args.port}"
    athletes = ", ".join(f"{a.athlete_id} {a.name}" for a in ATHLETES.values())
    _LOGGER.info("AI Endurance simulator on %s", base)
    _LOGGER.info(
        "Development client: client_id=%s client_secret=%s",
        DEV_CLIENT_ID,
        DEV_CLIENT_SECRET,
    )
    _LOGGER.info(
        "Plan: %d days from %s, seed %d; athletes: %s",
        state.days,
        state.start.isoformat(),
        state.seed,
        athletes,
    )
    _LOGGER.info(
        "A token without the browser: curl -X POST %s/_sim/token -d %s",
        base,
        """'{"athlete": "1"}'""",
    )
    web.run_app(
        create_app(state),
        host=args.host,
        port=args.port,
        access_log_format=ACCESS_LOG_FORMAT,
        handler_cancellation=True,
        shutdown_timeout=1.0,
        print=None,
    )


if __name__ == "__main__":
    main()
