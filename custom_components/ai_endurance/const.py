# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Constants of the AI Endurance integration.

Development-only base-URL override
----------------------------------
``configuration.yaml`` may carry::

    ai_endurance:
      dev_base_url: http://127.0.0.1:8765

``async_setup`` stores the URL under :data:`DATA_DEV_BASE_URL`. Then every URL
the integration uses (OAuth2 authorize, token and revoke, and the Partner API)
points at that one server, with the real endpoints' paths: this is how
``scripts/develop`` and the tests reach the local simulator. It is never shown in
the UI and is not meant for production.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.util.hass_dict import HassKey
from yarl import URL

from .api.const import API_BASE_URL, AUTHORIZE_URL, REVOKE_URL, TOKEN_URL

DOMAIN: Final = "ai_endurance"
MANUFACTURER: Final = "AI Endurance"

PLATFORMS: Final = [
    Platform.BUTTON,
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.SENSOR,
]

CONF_DEV_BASE_URL: Final = "dev_base_url"
"""YAML key of the development-only base-URL override (see the module docstring)."""

DATA_DEV_BASE_URL: HassKey[str] = HassKey(f"{DOMAIN}_{CONF_DEV_BASE_URL}")
"""Where ``async_setup`` keeps the override."""

UPDATE_INTERVAL: Final = timedelta(minutes=30)
"""How often the plan is fetched.

A plan changes a few times a day at most (AI Endurance re-plans after a
recorded activity or a change of availability), so 30 minutes shows a change
soon enough. AI Endurance documents no rate limit but asks to avoid bursts:
one small request every 30 minutes per account is far from that.
"""

HISTORY_DAYS: Final = 3
"""Days before today the plan is fetched from (the API's startDate is exclusive)."""

REVOKE_TIMEOUT: Final = 10
"""Seconds the best-effort token revocation on removal may take."""


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The URLs the integration talks to."""

    authorize_url: str
    token_url: str
    revoke_url: str
    api_base_url: str


def get_endpoints(hass: HomeAssistant) -> Endpoints:
    """Return the real endpoints, or the development override's."""
    if (base := hass.data.get(DATA_DEV_BASE_URL)) is None:
        return Endpoints(AUTHORIZE_URL, TOKEN_URL, REVOKE_URL, API_BASE_URL)
    base = base.rstrip("/")
    return Endpoints(
        authorize_url=base + URL(AUTHORIZE_URL).path,
        token_url=base + URL(TOKEN_URL).path,
        revoke_url=base + URL(REVOKE_URL).path,
        api_base_url=base,
    )
