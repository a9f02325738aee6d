# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Constants of the AI Endurance Partner API: OAuth2 and API URLs, paths, limits."""

from typing import Final

AUTHORIZE_URL: Final = "https://aiendurance.com/authorize"
"""OAuth2 authorization endpoint (the user's browser opens it)."""

TOKEN_URL: Final = "https://aiendurance.xyz/o/token/"  # noqa: S105 - a URL
"""OAuth2 token endpoint (authorization_code and refresh_token grants)."""

REVOKE_URL: Final = "https://aiendurance.xyz/o/revoke_token/"
"""OAuth2 token revocation endpoint (RFC 7009)."""

API_BASE_URL: Final = "https://aiendurance.xyz"
"""Base URL of the Partner API; the paths below are relative to it."""

WORKOUTS_PATH: Final = "/o/future_workout_static/"
"""Planned workouts (``Future_Workout_Static``), ``GET`` with ``startDate``."""

FIT_PING_PATH: Final = "/api/fit_partner_ping/"
"""FIT file ping, ``POST`` with a JSON body."""

DEFAULT_TIMEOUT: Final = 30
"""Total time allowed for one HTTP request, in seconds."""

MAX_PAGES: Final = 100
"""Most pages of a paginated workout list the client follows before giving up."""

MAX_PACE_MPS: Final = 10.0
"""Highest target value of a run read as a pace (m/s); above it is power (W)."""
