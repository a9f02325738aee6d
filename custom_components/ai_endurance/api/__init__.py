# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Asynchronous client of the AI Endurance Partner API.

Built on aiohttp, with no Home Assistant import: the caller brings the
``aiohttp.ClientSession`` and an async access-token provider.

    client = AIEnduranceClient(session, token_provider, client_id="...")
    plan = await client.get_workouts(date.today() - timedelta(days=1))
    workout = plan.main_on(date.today())
"""

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
from .oauth import revoke_token
from .pace import PaceUnit, format_pace, pace_seconds
from .ping import FitFilePing
from .plan import WorkoutPlan
from .shape import ENVELOPE_KEYS, response_shape
from .sport import Sport, Target, TargetKind, sport_of, target_kind
from .workout import INTERVAL_TYPES, STEP_FIELDS, Workout, WorkoutSteps, WorkoutType

__all__ = [
    "API_BASE_URL",
    "AUTHORIZE_URL",
    "DEFAULT_TIMEOUT",
    "ENVELOPE_KEYS",
    "FIT_PING_PATH",
    "INTERVAL_TYPES",
    "MAX_PACE_MPS",
    "MAX_PAGES",
    "REVOKE_URL",
    "STEP_FIELDS",
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
    "FitFilePing",
    "PaceUnit",
    "Sport",
    "Target",
    "TargetKind",
    "Workout",
    "WorkoutPlan",
    "WorkoutSteps",
    "WorkoutType",
    "format_pace",
    "pace_seconds",
    "response_shape",
    "revoke_token",
    "sport_of",
    "target_kind",
]
