# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Everything the simulator knows, in one in-process object.

Tests reach it as `SimulatorServer.state` (or through the `/_sim/` admin
endpoints) to read pings, set faults, change plans, and replace the clock:
`state.now` is a callable returning an aware datetime, and every expiry (codes
15 minutes, access tokens 36000 s) reads it.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
import logging
import re
from typing import Any, Final

from aiohttp import web

from .accounts import ATHLETES, DEV_CLIENT, DEV_CLIENT_ID, Athlete, Client
from .faults import ADMIN_PREFIX, Default, Fault, FaultName, FaultSet, make_fault
from .pings import ReceivedFile
from .plan import Sport, Workout, generate_plan, interval_shift, one_minute_steps
from .tokens import TokenPair, TokenStore

_LOGGER = logging.getLogger(__name__)

DEFAULT_DAYS: Final = 60
DEFAULT_SEED: Final = 1
DEFAULT_START_OFFSET: Final = timedelta(days=7)
"""The plan starts this long before today unless told otherwise."""

_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def utcnow() -> datetime:
    """Return the current time, aware, in UTC (the default clock)."""
    return datetime.now(UTC)


def parse_iso_date(value: object) -> date | None:
    """Return `value` as a date when it is a `YYYY-MM-DD` string, else None."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


class SimulatorState:
    """Clients, athletes, tokens, plans, faults, pings and request counts."""

    def __init__(
        self,
        *,
        days: int = DEFAULT_DAYS,
        seed: int = DEFAULT_SEED,
        start: date | None = None,
        now: Callable[[], datetime] | None = None,
        public_url: str | None = None,
    ) -> None:
        """Create the state and generate the plans.

        `start` defaults to today (local time) minus 7 days; `public_url` is
        the base of absolute URLs in answers (default: from the request).
        """
        if days < 1:
            msg = "days must be at least 1"
            raise ValueError(msg)
        self.now: Callable[[], datetime] = now or utcnow
        self.days = days
        self.seed = seed
        self.start = start or (self.now().astimezone().date() - DEFAULT_START_OFFSET)
        self.public_url = public_url.rstrip("/") if public_url else None
        self.clients: dict[str, Client] = {DEV_CLIENT_ID: DEV_CLIENT}
        self.athletes: dict[str, Athlete] = dict(ATHLETES)
        self.tokens = TokenStore(self._time)
        self.faults = FaultSet()
        self.pings: list[ReceivedFile] = []
        self.requests: Counter[str] = Counter()
        self.plans: dict[str, list[Workout]] = {}
        self._stopping = asyncio.Event()
        self.regenerate_plans()

    def _time(self) -> datetime:
        return self.now()

    # Clients and tokens

    def register_client(
        self,
        client_id: str,
        client_secret: str,
        redirect_uris: Iterable[str],
        name: str | None = None,
    ) -> Client:
        """Register (or replace) an OAuth2 client with exact redirect URIs."""
        client = Client(
            client_id=client_id,
            client_secret=client_secret,
            name=name or client_id,
            redirect_uris=frozenset(redirect_uris),
        )
        self.clients[client_id] = client
        return client

    def issue_token(
        self, athlete_id: str = "1", client_id: str = DEV_CLIENT_ID
    ) -> TokenPair:
        """Issue a token pair without the browser flow.

        Raise KeyError for an unknown athlete or client.
        """
        if athlete_id not in self.athletes:
            msg = f"unknown athlete {athlete_id!r}"
            raise KeyError(msg)
        if client_id not in self.clients:
            msg = f"unknown client {client_id!r}"
            raise KeyError(msg)
        return self.tokens.issue(client_id, athlete_id)

    # Faults

    def set_fault(
        self,
        name: FaultName | str,
        *,
        count: int | None = None,
        retry_after: float | Default | None = Default.DEFAULT,
        delay: float | None = None,
        paths: Sequence[str] | None = None,
        page_size: int | None = None,
    ) -> Fault | None:
        """Activate a fault (see `simulator.faults`); raise ValueError if invalid.

        `revoked_token` revokes every current token at once and returns None.
        """
        fault = make_fault(
            name,
            count=count,
            retry_after=retry_after,
            delay=delay,
            paths=paths,
            page_size=page_size,
        )
        if fault.name == FaultName.REVOKED_TOKEN:
            self.tokens.revoke_all()
            return None
        _LOGGER.info("Fault %s set (count %s)", fault.name, fault.remaining)
        return self.faults.add(fault)

    def clear_faults(self, name: FaultName | str | None = None) -> int:
        """Clear every fault, or the one called `name`; return how many."""
        return self.faults.clear(None if name is None else FaultName(name))

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds`, or less if the server shuts down meanwhile."""
        try:
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
        except TimeoutError:
            return

    def started(self) -> None:
        """Mark the server as running (slow answers wait again)."""
        self._stopping = asyncio.Event()

    def stopping(self) -> None:
        """Release every slow answer still waiting: the server shuts down."""
        self._stopping.set()

    # Plans

    def regenerate_plans(self, athlete_id: str | None = None) -> None:
        """Rebuild every athlete's plan (or one) from seed, start and days."""
        for athlete in self.athletes if athlete_id is None else (athlete_id,):
            self.plans[athlete] = generate_plan(
                athlete, self.start, self.days, self.seed
            )

    def _plan(self, athlete_id: str) -> list[Workout]:
        if athlete_id not in self.plans:
            msg = f"unknown athlete {athlete_id!r}"
            raise KeyError(msg)
        return self.plans[athlete_id]

    def workouts(self, athlete_id: str, after: date | None = None) -> list[Workout]:
        """Return the athlete's workouts, only those dated after `after` if set.

        Strictly after: a workout dated `after` itself is not listed. Entries
        whose `date` is not a `YYYY-MM-DD` string (possible only in a plan
        replaced through `replace_plan`) are always listed.
        """
        plan = self._plan(athlete_id)
        if after is None:
            return list(plan)
        bound = after.isoformat()
        return [
            w
            for w in plan
            if parse_iso_date(w.get("date")) is None or w["date"] > bound
        ]

    def replace_plan(self, athlete_id: str, workouts: Sequence[Workout]) -> None:
        """Serve `workouts` (JSON objects, as given) as the athlete's plan."""
        self._plan(athlete_id)
        if any(not isinstance(w, dict) for w in workouts):
            msg = "workouts: every entry must be an object"
            raise ValueError(msg)
        self.plans[athlete_id] = [dict(w) for w in workouts]

    def add_workouts(self, athlete_id: str, workouts: Sequence[Workout]) -> None:
        """Append workouts to the athlete's plan, then sort it by date."""
        plan = self._plan(athlete_id)
        if any(not isinstance(w, dict) for w in workouts):
            msg = "workouts: every entry must be an object"
            raise ValueError(msg)
        plan.extend(dict(w) for w in workouts)
        plan.sort(key=lambda w: (not isinstance(w.get("date"), str), w.get("date")))

    def shift_plan(self, athlete_id: str, days: int) -> int:
        """Move every workout of the athlete by `days`; return how many moved."""
        moved = 0
        for workout in self._plan(athlete_id):
            day = parse_iso_date(workout.get("date"))
            if day is not None:
                workout["date"] = (day + timedelta(days=days)).isoformat()
                moved += 1
        return moved

    def interval_on(
        self, athlete_id: str, day: date, sport: Sport | None = None
    ) -> int:
        """Shift the athlete's plan so that an interval workout is on `day`.

        Return the days shifted (see `plan.interval_shift`); ValueError when
        the plan has no interval workout (of `sport`).
        """
        days = interval_shift(self._plan(athlete_id), day, sport)
        if days is None:
            msg = f"no interval workout{f' ({sport})' if sport else ''} in the plan"
            raise ValueError(msg)
        self.shift_plan(athlete_id, days)
        return days

    def one_minute_steps(self, athlete_id: str, day: date) -> int:
        """Make every step of the athlete's workouts on `day` one minute long.

        Return how many workouts changed (see `plan.one_minute_steps`).
        """
        plan = self._plan(athlete_id)
        before = list(plan)
        plan[:] = [
            one_minute_steps(w) if w.get("date") == day.isoformat() else w for w in plan
        ]
        return sum(old is not new for old, new in zip(before, plan, strict=True))

    def remove_date(self, athlete_id: str, day: date) -> int:
        """Remove the athlete's workouts dated `day`; return how many."""
        plan = self._plan(athlete_id)
        kept = [w for w in plan if w.get("date") != day.isoformat()]
        self.plans[athlete_id] = kept
        return len(plan) - len(kept)

    # Pings and request counts

    def record_pings(self, files: Iterable[ReceivedFile]) -> None:
        """Keep what `fit_partner_ping` accepted."""
        self.pings.extend(files)

    def count_request(self, method: str, path: str) -> None:
        """Count one request (admin requests are not counted)."""
        if not path.startswith(ADMIN_PREFIX):
            self.requests[f"{method} {path}"] += 1

    def request_count(self, path: str, method: str = "GET") -> int:
        """Return how many `method` requests reached `path`."""
        return self.requests[f"{method} {path}"]

    def reset(self, *, tokens: bool = False) -> None:
        """Back to the start: faults, pings, counts and plans; tokens too if asked.

        Registered clients stay. The clock is not touched.
        """
        self.faults.clear()
        self.pings.clear()
        self.requests.clear()
        self.regenerate_plans()
        if tokens:
            self.tokens.clear()

    def snapshot(self) -> dict[str, Any]:
        """Return a JSON summary for `GET /_sim/state`."""
        return {
            "now": self.now().isoformat(),
            "plan": {
                "start": self.start.isoformat(),
                "days": self.days,
                "seed": self.seed,
            },
            "athletes": {
                athlete.athlete_id: {
                    "name": athlete.name,
                    "workouts": len(self.plans.get(athlete.athlete_id, [])),
                }
                for athlete in self.athletes.values()
            },
            "clients": sorted(self.clients),
            "tokens": {
                "codes": len(self.tokens.codes),
                "access": len(self.tokens.access_tokens),
                "refresh": len(self.tokens.refresh_tokens),
            },
            "faults": [fault.to_json() for fault in self.faults],
            "pings": len(self.pings),
            "requests": dict(sorted(self.requests.items())),
        }


STATE_KEY: Final = web.AppKey("simulator_state", SimulatorState)
"""Where the application keeps its `SimulatorState`."""
