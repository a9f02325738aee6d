# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Asynchronous client of the AI Endurance Partner API.

Built on aiohttp, with no Home Assistant import: the caller brings the
``aiohttp.ClientSession`` and an async access-token provider.

    client = AIEnduranceClient(session, token_provider, client_id="...")
    plan = await client.get_workouts(date.today() - timedelta(days=1))
    workout = plan.main_on(date.today())
"""

from . import models
from .client import AIEnduranceClient
from .const import (
    API_BASE_URL,
    AUTHORIZE_URL,
    DEFAULT_TIMEOUT,
    FIT_PING_PATH,
    MAX_PACE_MPS,
    MAX_PAGES,
    REVOKE_URL,
    TOKEN_URL,
    WORKOUTS_PATH,
)
from .exceptions import (
    AIEnduranceAuthError,
    AIEnduranceConnectionError,
    AIEnduranceError,
    AIEnduranceRateLimitError,
    AIEnduranceRequestError,
    AIEnduranceResponseError,
    AIEnduranceServerError,
    AIEnduranceShapeError,
)
from .models import *  # noqa: F403 - the models' names, listed once in .models
from .oauth import revoke_token
from .shape import ENVELOPE_KEYS, response_shape

__all__ = [
    "API_BASE_URL",
    "AUTHORIZE_URL",
    "DEFAULT_TIMEOUT",
    "ENVELOPE_KEYS",
    "FIT_PING_PATH",
    "MAX_PACE_MPS",
    "MAX_PAGES",
    "REVOKE_URL",
    "TOKEN_URL",
    "WORKOUTS_PATH",
    "AIEnduranceAuthError",
    "AIEnduranceClient",
    "AIEnduranceConnectionError",
    "AIEnduranceError",
    "AIEnduranceRateLimitError",
    "AIEnduranceRequestError",
    "AIEnduranceResponseError",
    "AIEnduranceServerError",
    "AIEnduranceShapeError",
    "response_shape",
    "revoke_token",
]
__all__ += models.__all__
