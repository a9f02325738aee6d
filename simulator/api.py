# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The bearer-protected Partner API endpoints.

- `GET /o/future_workout_static/[?startDate=YYYY-MM-DD]`: the athlete's
  planned workouts as a bare JSON list. With `startDate`, only workouts dated
  strictly after that date (the reference says "after"; a workout on
  `startDate` itself is not listed). A `startDate` that is not `YYYY-MM-DD`
  gets 400 `{"error": "invalid_request", "detail": ...}`. Schema variant
  faults change the shape (see `simulator.variants`); a request carrying
  `page` is always answered with the paginated envelope, so the `next` links
  of `variant_paginated` keep working after the fault is used up.
- `POST /api/fit_partner_ping/`: validates the body (see `simulator.pings`),
  records the accepted files and answers
  `{"status": "ok", "received": N, "summary_ids": [...]}`.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
import functools
import json
import logging
from typing import Any, Final

from aiohttp import web
from yarl import URL

from . import variants
from .faults import DEFAULT_PAGE_SIZE, VARIANT_FAULTS, FaultName
from .oauth import bearer_token
from .pings import PingValidationError, ReceivedFile, validate_ping
from .state import STATE_KEY, SimulatorState, parse_iso_date

_LOGGER = logging.getLogger(__name__)

_THREAD_THRESHOLD: Final = 256 * 1024
"""Ping bodies larger than this are parsed and checked in a worker thread."""
_MAX_PAGE_SIZE: Final = 1000


def _invalid(detail: str, status: int = 400, **extra: Any) -> web.Response:
    return web.json_response(
        {"error": "invalid_request", "detail": detail, **extra}, status=status
    )


def _positive_int(value: str | None) -> int | None:
    if value is None or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number >= 1 else None


def _request_url(state: SimulatorState, request: web.Request) -> URL:
    """Return the absolute URL of the request, on `public_url` if set."""
    if state.public_url is None:
        return request.url
    return URL(state.public_url + request.path).with_query(request.query)


async def future_workout_static(request: web.Request) -> web.Response:
    """Serve the athlete's planned workouts."""
    state = request.app[STATE_KEY]
    token = bearer_token(request)
    if isinstance(token, web.Response):
        return token
    after = None
    if "startDate" in request.query:
        after = parse_iso_date(request.query["startDate"])
        if after is None:
            return _invalid("startDate: expected a date as YYYY-MM-DD")
    workouts = state.workouts(token.athlete_id, after)
    query = request.query
    page_size_text = query.get("page_size")
    if "page" in query:
        return _page(state, request, workouts, None)
    fault = state.faults.take(request.path, VARIANT_FAULTS)
    body: Any = workouts
    if fault is None:
        pass
    elif fault.name == FaultName.VARIANT_PAGINATED:
        page_size = fault.page_size or _positive_int(page_size_text)
        return _page(state, request, workouts, page_size)
    else:
        body = variants.BODIES[fault.name](workouts)
    return web.json_response(body)


def _page(
    state: SimulatorState,
    request: web.Request,
    workouts: list[dict[str, Any]],
    page_size: int | None,
) -> web.Response:
    query = request.query
    page = _positive_int(query.get("page", "1"))
    if page is None:
        return web.json_response({"detail": "Invalid page."}, status=404)
    size = page_size or _positive_int(query.get("page_size")) or DEFAULT_PAGE_SIZE
    size = min(size, _MAX_PAGE_SIZE)
    body = variants.paginated(
        workouts, page=page, page_size=size, url=_request_url(state, request)
    )
    if body is None:
        return web.json_response({"detail": "Invalid page."}, status=404)
    return web.json_response(body)


def _parse_and_validate(
    raw: bytes, *, client_id: str, athlete_id: str, received_at: datetime
) -> list[ReceivedFile]:
    try:
        body = json.loads(raw)
    except ValueError as err:
        raise PingValidationError(["body: not valid JSON"]) from err
    return validate_ping(
        body, client_id=client_id, athlete_id=athlete_id, received_at=received_at
    )


async def fit_partner_ping(request: web.Request) -> web.Response:
    """Validate and record a FIT file ping."""
    state = request.app[STATE_KEY]
    token = bearer_token(request)
    if isinstance(token, web.Response):
        return token
    if request.content_type != "application/json":
        return web.json_response(
            {
                "error": "unsupported_media_type",
                "detail": "Content-Type must be application/json.",
            },
            status=415,
        )
    raw = await request.read()
    check = functools.partial(
        _parse_and_validate,
        raw,
        client_id=token.client_id,
        athlete_id=token.athlete_id,
        received_at=state.now(),
    )
    try:
        if len(raw) > _THREAD_THRESHOLD:
            files = await asyncio.to_thread(check)
        else:
            files = check()
    except PingValidationError as err:
        _LOGGER.info("Ping refused: %s", err.errors[0])
        return _invalid(err.errors[0], errors=err.errors)
    state.record_pings(files)
    _LOGGER.info(
        "Ping accepted for athlete %s: %d file(s)", token.athlete_id, len(files)
    )
    return web.json_response(
        {
            "status": "ok",
            "received": len(files),
            "summary_ids": [f.summary_id for f in files],
        }
    )
