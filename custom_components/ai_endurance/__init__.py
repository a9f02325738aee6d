# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The AI Endurance integration: today's workout from an AI Endurance training plan.

``configuration.yaml`` is optional; it only carries the development-only
override of AI Endurance's base URL (see ``const``)::

    ai_endurance:
      dev_base_url: http://127.0.0.1:8765

Authentication: OAuth2 through application credentials. The client gets its
access token from ``OAuth2Session.async_ensure_token_valid``; a refresh the
server refuses (4xx) becomes ``AIEnduranceAuthError`` in the client (so the
coordinator raises ``ConfigEntryAuthFailed`` and Home Assistant starts
reauthentication), other refresh failures become connection or server errors
(``ConfigEntryNotReady`` during setup, ``UpdateFailed`` afterwards).

A token the API refuses (401) before its expiry, e.g. revoked at AI Endurance,
is not yet a reason to sign in again: the client's ``token_refresher`` asks
the implementation for a new token at once (what ``async_ensure_token_valid``
does on expiry), stores it on the entry, and the client sends the request
once more. Only a refused refresh or a second 401 is an authentication
failure. One lock covers both the expiry refresh and the forced one, so no
two refreshes ever spend the same (rotating) refresh token.
"""

import asyncio
from functools import partial
import logging
from typing import Any, cast

from homeassistant.const import CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.config_entry_oauth2_flow import (
    AbstractOAuth2Implementation,
    OAuth2Session,
    async_get_config_entry_implementation,
)
from homeassistant.helpers.typing import ConfigType
import voluptuous as vol

from .api.client import AIEnduranceClient
from .api.const import DEFAULT_TIMEOUT
from .api.exceptions import AIEnduranceError
from .api.oauth import revoke_token
from .const import (
    CONF_DEV_BASE_URL,
    DATA_DEV_BASE_URL,
    DOMAIN,
    PLATFORMS,
    REVOKE_TIMEOUT,
    get_endpoints,
)
from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry, AIEnduranceData
from .outbox import FitOutbox, async_remove_outbox
from .services import async_setup_services

_LOGGER = logging.getLogger(__name__)

CONFIG_SCHEMA = vol.Schema(
    {
        vol.Optional(DOMAIN): vol.Schema(
            {vol.Optional(CONF_DEV_BASE_URL): cv.url},
        ),
    },
    extra=vol.ALLOW_EXTRA,
)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Read the development-only base-URL override; register the actions."""
    if (base_url := config.get(DOMAIN, {}).get(CONF_DEV_BASE_URL)) is not None:
        _LOGGER.warning(
            "Development override: AI Endurance is reached at %s, not the real service",
            base_url,
        )
        hass.data[DATA_DEV_BASE_URL] = base_url
    async_setup_services(hass)
    return True


def client_id_of(implementation: AbstractOAuth2Implementation) -> str:
    """Return the OAuth2 client id of an implementation ("" when it has none)."""
    return str(getattr(implementation, "client_id", ""))


async def async_setup_entry(hass: HomeAssistant, entry: AIEnduranceConfigEntry) -> bool:
    """Set up an AI Endurance account."""
    try:
        implementation = await async_get_config_entry_implementation(hass, entry)
    except ValueError as err:
        # The application credentials of this entry were removed.
        raise ConfigEntryAuthFailed(
            translation_domain=DOMAIN,
            translation_key="implementation_unavailable",
        ) from err
    oauth_session = OAuth2Session(hass, entry, implementation)
    # The refresh token rotates: one refresh at a time, expired or forced.
    token_lock = asyncio.Lock()

    async def async_get_access_token() -> str:
        # The shared session has no short timeout of its own.
        async with token_lock, asyncio.timeout(DEFAULT_TIMEOUT):
            await oauth_session.async_ensure_token_valid()
        return cast("str", oauth_session.token["access_token"])

    async def async_refresh_access_token() -> str:
        # The API refused the access token: refresh it whatever its expiry.
        async with token_lock, asyncio.timeout(DEFAULT_TIMEOUT):
            new_token = await implementation.async_refresh_token(oauth_session.token)
            hass.config_entries.async_update_entry(
                entry, data={**entry.data, CONF_TOKEN: new_token}
            )
        return cast("str", new_token["access_token"])

    client = AIEnduranceClient(
        async_get_clientsession(hass),
        async_get_access_token,
        client_id=client_id_of(implementation),
        base_url=get_endpoints(hass).api_base_url,
        token_refresher=async_refresh_access_token,
    )
    coordinator = AIEnduranceCoordinator(hass, entry, client)
    await coordinator.async_config_entry_first_refresh()
    entry.async_on_unload(coordinator.async_track_midnight())

    outbox = FitOutbox(
        hass,
        entry.entry_id,
        client,
        start_reauth=partial(entry.async_start_reauth, hass),
        title=entry.title,
    )
    await outbox.async_load()
    entry.runtime_data = AIEnduranceData(
        client=client, coordinator=coordinator, outbox=outbox
    )
    outbox.async_start()
    entry.async_on_unload(outbox.async_stop)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: AIEnduranceConfigEntry
) -> bool:
    """Unload an AI Endurance account."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(
    hass: HomeAssistant, entry: AIEnduranceConfigEntry
) -> None:
    """Revoke the refresh token, in the background: removal never waits or fails.

    The outbox's Store goes too: FIT files still waiting are for an account
    that is no longer linked.
    """
    await async_remove_outbox(hass, entry.entry_id)
    token: dict[str, Any] = entry.data.get(CONF_TOKEN) or {}
    if refresh_token := token.get("refresh_token"):
        hass.async_create_background_task(
            _async_revoke(hass, entry, refresh_token),
            f"{DOMAIN} revoke token of {entry.entry_id}",
        )


async def _async_revoke(
    hass: HomeAssistant, entry: AIEnduranceConfigEntry, refresh_token: str
) -> None:
    """Revoke a refresh token (its access token goes with it); log, never raise."""
    try:
        implementation = await async_get_config_entry_implementation(hass, entry)
        async with asyncio.timeout(REVOKE_TIMEOUT):
            await revoke_token(
                async_get_clientsession(hass),
                token=refresh_token,
                client_id=client_id_of(implementation),
                client_secret=str(getattr(implementation, "client_secret", "")),
                revoke_url=get_endpoints(hass).revoke_url,
                timeout=REVOKE_TIMEOUT,
            )
    except AIEnduranceError as err:
        _LOGGER.debug("Could not revoke the token of %s: %s", entry.title, err)
    except Exception as err:  # noqa: BLE001  # removal must go on whatever happens
        _LOGGER.debug(
            "Could not revoke the token of %s: %s", entry.title, type(err).__name__
        )
    else:
        _LOGGER.debug("Revoked the token of %s", entry.title)
