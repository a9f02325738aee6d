# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What the benchmarks share: the floor fetch of a plan, and timing one call.

The floor is the least any reader of the plan must do: one GET of the
workouts endpoint with plain aiohttp and ``json.loads``, no models, no Home
Assistant. The benchmarks print their own measurement against it.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
import datetime as dt
import json
import time

import aiohttp

from custom_components.ai_endurance.api import DEFAULT_TIMEOUT, WORKOUTS_PATH

_TIMEOUT = aiohttp.ClientTimeout(total=DEFAULT_TIMEOUT)


async def timed(call: Callable[[], Awaitable[int]]) -> tuple[float, int]:
    """Return the seconds ``call`` took and the count it returned."""
    start = time.perf_counter()
    count = await call()
    return time.perf_counter() - start, count


@dataclass(frozen=True, slots=True)
class FloorFetch:
    """The bare fetch of a plan: ``GET {base_url}/o/future_workout_static/``.

    ``after`` is sent as ``startDate`` (exclusive), ``token`` as the bearer
    token, with the client's total timeout.
    """

    session: aiohttp.ClientSession
    base_url: str
    token: str
    after: dt.date

    @property
    def url(self) -> str:
        """Return the workouts endpoint's URL."""
        return f"{self.base_url}{WORKOUTS_PATH}"

    @property
    def params(self) -> dict[str, str]:
        """Return the query: ``startDate``."""
        return {"startDate": self.after.isoformat()}

    @property
    def headers(self) -> dict[str, str]:
        """Return the request headers: the bearer token, JSON accepted."""
        return {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}

    async def body(self) -> bytes:
        """Return the answer's body, unparsed."""
        async with self.session.get(
            self.url, params=self.params, headers=self.headers
        ) as answer:
            answer.raise_for_status()
            return await answer.read()

    async def count(self) -> int:
        """Fetch and parse with ``json.loads``; return the number of workouts."""
        async with self.session.get(
            self.url,
            params=self.params,
            headers=self.headers,
            timeout=_TIMEOUT,
        ) as answer:
            answer.raise_for_status()
            return len(json.loads(await answer.read()))
