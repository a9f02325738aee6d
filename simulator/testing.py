# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Run the simulator inside a test: `SimulatorServer` and `ManualClock`.

    async with SimulatorServer(days=60, seed=1) as server:
        tokens = server.issue_token("1")
        server.state.set_fault("rate_limit", count=1, retry_after=5)
        async with session.get(f"{server.url}/o/future_workout_static/", ...)

The server listens on 127.0.0.1 on a port the OS chooses. Slow answers still
waiting when it stops are released at once, so no test waits for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Final, Self

from aiohttp import web

from .accounts import DEV_CLIENT_ID
from .app import create_app
from .faults import Default, Fault, FaultName
from .state import SimulatorState
from .tokens import TokenPair

SHUTDOWN_TIMEOUT: Final = 1.0
"""Seconds the server waits for answers in flight when it stops."""


class ManualClock:
    """A clock for `SimulatorState.now` that moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        """Start at `start` (aware), by default the current time in UTC."""
        self.current = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        """Return the clock's time."""
        return self.current

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        """Move forward by `seconds` plus `timedelta` keyword arguments."""
        self.current += timedelta(seconds=seconds, **delta)
        return self.current


class SimulatorServer:
    """The simulator on 127.0.0.1, as an async context manager.

    `url` is the base URL (no trailing slash), `state` the in-process
    `SimulatorState` (read pings, set faults, change plans, swap the clock).
    """

    def __init__(
        self,
        *,
        days: int = 60,
        seed: int = 1,
        start: date | None = None,
        now: Callable[[], datetime] | None = None,
        public_url: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        state: SimulatorState | None = None,
    ) -> None:
        """Prepare a server; `state` wins over days/seed/start/now/public_url."""
        self.state = state or SimulatorState(
            days=days, seed=seed, start=start, now=now, public_url=public_url
        )
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    @property
    def url(self) -> str:
        """Return the base URL, e.g. `http://127.0.0.1:38211`."""
        if self._url is None:
            msg = "SimulatorServer is not started"
            raise RuntimeError(msg)
        return self._url

    @property
    def port(self) -> int:
        """Return the port the server listens on."""
        return int(self.url.rsplit(":", 1)[1])

    async def start(self) -> None:
        """Start listening."""
        if self._runner is not None:
            msg = "SimulatorServer is already started"
            raise RuntimeError(msg)
        runner = web.AppRunner(
            create_app(self.state),
            handler_cancellation=True,
            shutdown_timeout=SHUTDOWN_TIMEOUT,
            access_log=None,
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._host, self._port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        port = runner.addresses[0][1]
        self._url = f"http://{self._host}:{port}"

    async def stop(self) -> None:
        """Stop listening and release slow answers still waiting."""
        runner, self._runner = self._runner, None
        if runner is not None:
            self.state.stopping()
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        """Start the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    def issue_token(
        self, athlete: str = "1", client_id: str = DEV_CLIENT_ID
    ) -> TokenPair:
        """Return a fresh token pair for `athlete`, without the browser."""
        return self.state.issue_token(athlete, client_id)

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
        """Activate a fault; same arguments as `SimulatorState.set_fault`."""
        return self.state.set_fault(
            name,
            count=count,
            retry_after=retry_after,
            delay=delay,
            paths=paths,
            page_size=page_size,
        )

    def clear_faults(self) -> int:
        """Clear every fault; return how many were active."""
        return self.state.clear_faults()
