# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The entry's OAuth2 session as the API client sees it: tokens in, tokens out.

Core keeps this adapter in ``api.py``; here ``api/`` is the client package,
so it is ``auth.py``. The client asks for an access token before each
request and, when the API refuses one before its expiry, for a new one.
Both go through Home Assistant's ``OAuth2Session``: a forced refresh marks
the stored token expired and lets ``async_ensure_token_valid`` renew it, so
Home Assistant's checks of the new token, its storage and its start of
reauthentication apply to both. One lock serializes them, because AI
Endurance rotates refresh tokens: each one may be spent only once.

Removing an entry revokes its refresh token here too, never raising.
"""

import asyncio
import logging

from homeassistant.const import CONF_TOKEN
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.config_entry_oauth2_flow import (
    AbstractOAuth2Implementation,
    OAuth2Session,
    async_get_config_entry_implementation,
)

from .api.const import DEFAULT_TIMEOUT
from .api.exceptions import AIEnduranceError
from .api.oauth import revoke_token
from .const import REVOKE_TIMEOUT, get_endpoints
from .data import AIEnduranceConfigEntry

_LOGGER = logging.getLogger(__name__)

EXPIRED: dict[str, float] = {"expires_at": 0}
"""What makes ``OAuth2Session.valid_token`` false, whatever the clock says."""


def client_id_of(implementation: AbstractOAuth2Implementation) -> str:
    """Return the OAuth2 client id of an implementation ("" when it has none)."""
    return str(getattr(implementation, "client_id", ""))


class AsyncConfigEntryAuth:
    """Give the client the access token of an entry, refreshing it when needed."""

    def __init__(self, oauth_session: OAuth2Session) -> None:
        """Wrap the entry's session; no request is made."""
        self._oauth_session = oauth_session
        self._lock = asyncio.Lock()

    @property
    def client_id(self) -> str:
        """The application's OAuth2 client id."""
        return client_id_of(self._oauth_session.implementation)

    async def async_get_access_token(self) -> str:
        """Return a valid access token, refreshed first when it has expired."""
        # The shared aiohttp session has no short timeout of its own.
        async with self._lock, asyncio.timeout(DEFAULT_TIMEOUT):
            await self._oauth_session.async_ensure_token_valid()
        return self._access_token

    async def async_refresh_access_token(self) -> str:
        """Return a new access token: the API refused the current one.

        Calls that wait for the lock while another refreshes get that new
        token, and spend no refresh token of their own.
        """
        session = self._oauth_session
        refused = self._access_token
        async with self._lock, asyncio.timeout(DEFAULT_TIMEOUT):
            if self._access_token != refused:
                return self._access_token
            session.hass.config_entries.async_update_entry(
                session.config_entry,
                data={
                    **session.config_entry.data,
                    CONF_TOKEN: {**session.token, **EXPIRED},
                },
            )
            await session.async_ensure_token_valid()
        return self._access_token

    @property
    def _access_token(self) -> str:
        # "" (no token) when a refresh answered without one: the client's error.
        return str(self._oauth_session.token.get("access_token") or "")


async def async_revoke_refresh_token(
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
