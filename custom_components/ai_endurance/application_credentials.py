# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Application credentials: AI Endurance's OAuth2 endpoints and setup hints.

AI Endurance registers partner applications by hand: it issues a client id
and secret and registers the redirect URI given to it. For Home Assistant
that is My Home Assistant's ``https://my.home-assistant.io/redirect/oauth``.
The URLs follow the development-only override (see ``const``).
"""

from homeassistant.components.application_credentials import AuthorizationServer
from homeassistant.core import HomeAssistant
from homeassistant.helpers.config_entry_oauth2_flow import MY_AUTH_CALLBACK_PATH

from .const import get_endpoints

AI_ENDURANCE_URL = "https://aiendurance.com"
"""AI Endurance's site: its Partner API page says how to ask for a client."""


async def async_get_authorization_server(hass: HomeAssistant) -> AuthorizationServer:
    """Return AI Endurance's authorize and token URLs."""
    endpoints = get_endpoints(hass)
    return AuthorizationServer(
        authorize_url=endpoints.authorize_url,
        token_url=endpoints.token_url,
    )


async def async_get_description_placeholders(
    hass: HomeAssistant,  # noqa: ARG001
) -> dict[str, str]:
    """Return the placeholders of the credentials dialog's description."""
    return {
        "ai_endurance_url": AI_ENDURANCE_URL,
        "redirect_url": MY_AUTH_CALLBACK_PATH,
    }
