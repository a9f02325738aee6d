# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Request counting and fault application, around every endpoint.

Order per request: count it (`GET /_sim/state` shows the counts; admin
requests are not counted), then let an active `slow` fault delay it, then let
the first matching answer fault answer in its place (see `simulator.faults`).
"""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from .faults import ANSWER_FAULTS, FaultName, answer
from .state import STATE_KEY

_LOGGER = logging.getLogger(__name__)

_SLOW: frozenset[FaultName] = frozenset({FaultName.SLOW})


@web.middleware
async def count_requests(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Count the request per method and path."""
    request.app[STATE_KEY].count_request(request.method, request.path)
    return await handler(request)


@web.middleware
async def apply_faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Delay or replace the answer as the active faults say."""
    state = request.app[STATE_KEY]
    path = request.path
    slow = state.faults.take(path, _SLOW)
    if slow is not None:
        _LOGGER.info("Fault slow: %s waits %.1f s", path, slow.delay)
        await state.sleep(slow.delay)
    fault = state.faults.take(path, ANSWER_FAULTS)
    if fault is not None:
        _LOGGER.info("Fault %s answers %s %s", fault.name, request.method, path)
        return answer(fault)
    return await handler(request)
