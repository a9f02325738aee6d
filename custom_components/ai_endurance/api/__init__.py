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
)
from .models import (
    INTERVAL_TYPES,
    STEP_FIELDS,
    FitFilePing,
    PaceUnit,
    Target,
    TargetKind,
    Workout,
    WorkoutPlan,
    WorkoutSteps,
    WorkoutType,
    format_pace,
    is_cycling,
    pace_seconds,
    target_kind,
)
from .oauth import revoke_token

__all__ = [
    "API_BASE_URL",
    "AUTHORIZE_URL",
    "DEFAULT_TIMEOUT",
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
    "FitFilePing",
    "PaceUnit",
    "Target",
    "TargetKind",
    "Workout",
    "WorkoutPlan",
    "WorkoutSteps",
    "WorkoutType",
    "format_pace",
    "is_cycling",
    "pace_seconds",
    "revoke_token",
    "target_kind",
]
