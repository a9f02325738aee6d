# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The AI Endurance integration: today's workout from an AI Endurance training plan.

``configuration.yaml`` is optional; it only carries the development-only
override of AI Endurance's base URL (see ``const``)::

    ai_endurance:
      dev_base_url: http://127.0.0.1:8765

Authentication: OAuth2 through application credentials; ``auth`` gives the
client its access token and a new one when the API refuses it. A refresh the
server refuses (4xx) becomes ``AIEnduranceAuthError`` in the client (so the
coordinator raises ``ConfigEntryAuthFailed`` and Home Assistant starts
reauthentication), other refresh failures become connection or server errors
(``ConfigEntryNotReady`` during setup, ``UpdateFailed`` afterwards).
"""

from functools import partial
import logging
from typing import Any

from homeassistant.const import CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.config_entry_oauth2_flow import (
    OAuth2Session,
    async_get_config_entry_implementation,
)
from homeassistant.helpers.typing import ConfigType
import voluptuous as vol

from .api.client import AIEnduranceClient
from .auth import AsyncConfigEntryAuth, async_revoke_refresh_token
from .const import (
    CONF_DEV_BASE_URL,
    DATA_DEV_BASE_URL,
    DOMAIN,
    PLATFORMS,
    get_endpoints,
)
from .coordinator import AIEnduranceCoordinator
from .data import AIEnduranceConfigEntry, AIEnduranceData
from .outbox import FitOutbox
from .outbox_store import async_remove_outbox
from .plan_health import async_remove_issue
from .runner import async_remove_runner, async_setup_runner
from .runner_services import async_setup_runner_services
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
    async_setup_runner_services(hass)
    return True


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
    auth = AsyncConfigEntryAuth(OAuth2Session(hass, entry, implementation))
    client = AIEnduranceClient(
        async_get_clientsession(hass),
        auth.async_get_access_token,
        client_id=auth.client_id,
        base_url=get_endpoints(hass).api_base_url,
        token_refresher=auth.async_refresh_access_token,
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
        client=client,
        coordinator=coordinator,
        outbox=outbox,
        runner=await async_setup_runner(hass, coordinator),
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
    that is no longer linked, and so does a repair issue about its plan.
    """
    await async_remove_outbox(hass, entry.entry_id)
    await async_remove_runner(hass, entry.entry_id)
    async_remove_issue(hass, entry.entry_id)
    token: dict[str, Any] = entry.data.get(CONF_TOKEN) or {}
    if refresh_token := token.get("refresh_token"):
        hass.async_create_background_task(
            async_revoke_refresh_token(hass, entry, refresh_token),
            f"{DOMAIN} revoke token of {entry.entry_id}",
        )
