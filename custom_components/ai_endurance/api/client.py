# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The AI Endurance Partner API client: two calls, one place for auth and pages.

Every request goes through one authorized call that refreshes a refused token
once and maps every failure onto :mod:`.exceptions`. The workouts call keeps
the shape of the last answer (:attr:`AIEnduranceClient.last_response_shape`,
no values), so an answer the client cannot read can be reported.
"""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
import datetime as dt
import logging
from typing import Any, Final

import aiohttp
import orjson
from yarl import URL

from ._http import Answer, decode_json, describe, get_token, raise_for_status, send
from .const import (
    API_BASE_URL,
    DEFAULT_TIMEOUT,
    FIT_PING_PATH,
    MAX_PAGES,
    WORKOUTS_PATH,
)
from .exceptions import AIEnduranceResponseError, AIEnduranceShapeError
from .ping import FitFilePing
from .plan import WorkoutPlan
from .shape import ENVELOPE_KEYS, key_types, response_shape, workout_items

_LOGGER = logging.getLogger(__name__)

_JSON_HEADERS: Final = {"Content-Type": "application/json"}
_EXPECTED: Final = (
    "expected a list of workouts or an object holding one under "
    + ", ".join(f"'{key}'" for key in ENVELOPE_KEYS)
)


class AIEnduranceClient:
    """Asynchronous client of the AI Endurance Partner API for one user.

    ``session`` is the caller's ``aiohttp.ClientSession`` (never closed
    here). ``token_provider`` returns a valid access token each time it is
    awaited; with Home Assistant::

        async def token() -> str:
            await oauth_session.async_ensure_token_valid()
            return oauth_session.token["access_token"]

    ``client_id`` is the application's OAuth2 client id (FIT pings carry it).
    ``base_url`` points elsewhere than the real API (the simulator).
    ``timeout`` bounds each request, in seconds.

    ``token_refresher``, when given, gets a new access token from the token
    endpoint however valid the current one looks, and returns it. The API
    may refuse a token before its expiry (revoked, or the clocks disagree):
    on a 401 the client then refreshes once and sends the same request once
    more; only a refused refresh or a second 401 raises
    :class:`~.exceptions.AIEnduranceAuthError`. Requests refused at the same
    time refresh once: the first refreshes, the others see (through
    ``token_provider``) that the token has changed since and retry with the
    new one. Without a refresher every 401 raises at once. With Home
    Assistant (serialize it with the provider: refresh tokens rotate)::

        async def refresh() -> str:
            new = await implementation.async_refresh_token(oauth_session.token)
            hass.config_entries.async_update_entry(entry, data={..., "token": new})
            return new["access_token"]

    Every failure raises an :class:`~.exceptions.AIEnduranceError`; see
    :mod:`.exceptions`. Failures of the token provider or refresher that are
    aiohttp errors are mapped the same way (a refresh refused with a 4xx is an
    :class:`~.exceptions.AIEnduranceAuthError`); their other exceptions
    propagate unchanged.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        token_provider: Callable[[], Awaitable[str]],
        *,
        client_id: str,
        base_url: str = API_BASE_URL,
        timeout: float = DEFAULT_TIMEOUT,
        max_pages: int = MAX_PAGES,
        token_refresher: Callable[[], Awaitable[str]] | None = None,
    ) -> None:
        """Set up the client; no request is made."""
        if max_pages < 1:
            msg = "max_pages must be at least 1"
            raise ValueError(msg)
        self._session = session
        self._token_provider = token_provider
        self._token_refresher = token_refresher
        self._refresh_lock = asyncio.Lock()
        self._client_id = client_id
        base = URL(base_url.rstrip("/"))
        self._origin = base.origin()
        self._workouts_url = URL(f"{base}{WORKOUTS_PATH}")
        self._ping_url = URL(f"{base}{FIT_PING_PATH}")
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_pages = max_pages
        self._last_response_shape: dict[str, Any] | None = None

    @property
    def client_id(self) -> str:
        """The application's OAuth2 client id."""
        return self._client_id

    @property
    def last_response_shape(self) -> dict[str, Any] | None:
        """The shape of the last workouts answer read as JSON (no values).

        See :func:`.shape.response_shape`; ``None`` before the first one.
        For a paginated answer, the last page read.
        """
        return self._last_response_shape

    async def _call(
        self,
        method: str,
        url: URL,
        *,
        params: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[int, Any]:
        """Send an authorized request; return its status and JSON (``None``: empty).

        A 401 with a refresher: one new token, the same request once more.
        """
        token = await get_token(self._token_provider)
        answer = await self._send(method, url, token, params, body)
        secrets: tuple[str, ...] = (token,)
        if answer.status == 401 and self._token_refresher is not None:  # noqa: PLR2004
            fresh = await self._fresh_token(token, self._token_refresher)
            answer = await self._send(method, url, fresh, params, body)
            secrets = (token, fresh)
        what = describe(method, url)
        raise_for_status(answer, what, secrets)
        if not answer.body.strip():
            return answer.status, None
        return answer.status, decode_json(answer, what)

    async def _send(
        self,
        method: str,
        url: URL,
        token: str,
        params: dict[str, str] | None,
        body: bytes | None,
    ) -> Answer:
        """Send one request with ``token``; return the answer, whatever the status."""
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if body is not None:
            headers |= _JSON_HEADERS
        return await send(
            self._session,
            method,
            url,
            client_timeout=self._timeout,
            headers=headers,
            params=params,
            data=body,
        )

    async def _fresh_token(
        self, rejected: str, refresher: Callable[[], Awaitable[str]]
    ) -> str:
        """Return the access token to send again after ``rejected`` was refused.

        Under a lock: when the provider's token has changed since ``rejected``
        was sent (another refused request refreshed meanwhile, or it expired
        and was renewed), that one is used and nothing is refreshed.
        """
        async with self._refresh_lock:
            current = await get_token(self._token_provider)
            if current != rejected:
                return current
            _LOGGER.debug("The API refused the access token: refreshing it")
            return await get_token(refresher)

    async def get_workouts(self, start_date: dt.date | None = None) -> WorkoutPlan:
        """Fetch the planned workouts (``GET /o/future_workout_static/``).

        ``start_date`` is sent as ``startDate=YYYY-MM-DD``; AI Endurance
        documents it as "only workouts dated after that date", so pass the day
        before the first day wanted. Without it, the server decides.

        The answer may be a list of workouts or an object holding one under
        ``results``, ``workouts`` or ``data`` (a paginated envelope when it
        has ``next``): ``next`` is followed, on this client's host only, up to
        ``max_pages`` pages. Workouts without a readable date are skipped and
        counted in :attr:`WorkoutPlan.skipped`, the fields that could not be
        read named in :attr:`WorkoutPlan.unreadable_fields`.

        Raises :class:`~.exceptions.AIEnduranceShapeError` when the answer
        holds no list of workout objects (its message names the keys of the
        answer, never a value), and
        :class:`~.exceptions.AIEnduranceResponseError` when it is not JSON or
        its pages do not end.
        """
        params = None if start_date is None else {"startDate": start_date.isoformat()}
        url = self._workouts_url
        items: list[Any] = []
        seen: set[URL] = set()
        for _ in range(self._max_pages):
            seen.add(url)
            status, data = await self._call("GET", url, params=params)
            self._last_response_shape = response_shape(data)
            page = workout_items(data)
            if page is None:
                raise _shape_error(describe("GET", url), data, status)
            items.extend(page)
            next_url = data.get("next") if isinstance(data, dict) else None
            if not next_url or not isinstance(next_url, str):
                return self._plan(items, status)
            url = self._same_origin(url.join(URL(next_url)))
            params = None  # The next link carries the query.
            if url in seen:
                msg = f"{describe('GET', url)}: the pages loop"
                raise AIEnduranceResponseError(msg, status=status)
        msg = f"{describe('GET', url)}: more than {self._max_pages} pages"
        raise AIEnduranceResponseError(msg, status=status)

    def _same_origin(self, url: URL) -> URL:
        """Keep a link's path and query on this client's origin.

        The bearer token never goes to another host, and a proxy that writes
        ``http://`` links for an ``https://`` API does no harm.
        """
        return self._origin.with_path(url.raw_path, encoded=True).with_query(
            url.raw_query_string
        )

    @staticmethod
    def _plan(items: list[Any], status: int) -> WorkoutPlan:
        """Build the plan; a non-empty list holding no object is the wrong shape."""
        if items and not any(isinstance(item, dict) for item in items):
            msg = "the workout list holds no workout objects"
            raise AIEnduranceShapeError(msg, status=status)
        plan = WorkoutPlan.from_list(items)
        _LOGGER.debug(
            "Fetched %d workouts (%d skipped, unreadable fields: %s)",
            len(plan.workouts),
            plan.skipped,
            ", ".join(sorted(plan.unreadable_fields)) or "none",
        )
        return plan

    async def ping_fit_files(self, files: Sequence[FitFilePing]) -> dict[str, Any]:
        """Announce FIT files to AI Endurance (``POST /api/fit_partner_ping/``).

        Sends ``client_id`` and one ``activity_files`` entry per file, every
        field present (see :meth:`FitFilePing.to_json`). Returns the server's
        JSON object (``{}`` for an empty answer).

        A rejected ping raises :class:`~.exceptions.AIEnduranceRequestError`
        with the server's ``detail``. An
        :class:`~.exceptions.AIEnduranceResponseError` with a 2xx ``status``
        means the server accepted the ping but answered something other than
        a JSON object.
        """
        if not files:
            msg = "ping_fit_files needs at least one file"
            raise ValueError(msg)
        body = orjson.dumps(
            {
                "client_id": self._client_id,
                "activity_files": [file.to_json() for file in files],
            }
        )
        status, data = await self._call("POST", self._ping_url, body=body)
        _LOGGER.debug(
            "Pinged %d FIT file(s): %s",
            len(files),
            ", ".join(file.summary_id for file in files),
        )
        if data is None:
            return {}
        if not isinstance(data, dict):
            msg = (
                f"{describe('POST', self._ping_url)}: expected a JSON object, "
                f"got {type(data).__name__}"
            )
            raise AIEnduranceResponseError(msg, status=status)
        return data


def _shape_error(what: str, data: Any, status: int) -> AIEnduranceShapeError:
    """Build the error of an answer of unknown shape, naming its keys only."""
    if isinstance(data, dict):
        keys = tuple(key_types(data))
        got = f"an object with keys {', '.join(keys)}" if keys else "an empty object"
    else:
        keys = ()
        got = type(data).__name__
    return AIEnduranceShapeError(
        f"{what}: {_EXPECTED}, got {got}", status=status, keys=keys
    )
