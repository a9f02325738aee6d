# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Config flow of AI Endurance: OAuth2, reauthentication and reconfiguration.

Test before configure: with the new token the flow fetches the plan once
(the same request the coordinator makes). When that fails, the flow aborts
with ``invalid_auth`` (the token is refused), ``cannot_connect`` (AI
Endurance cannot be reached or answers with an error) or ``unknown``.

Unique id (decision): the token response documents no user id, but the
workouts carry the account in their ``user`` field. The entry's unique id is
that id (``WorkoutPlan.account_id``) when the plan has one. When the plan is
empty or carries no id, the entry gets no unique id: adding the account is
still allowed (two accounts must work side by side, so a missing id never
aborts), at the price that the same account could be added twice.

Reauthentication and reconfiguration authorize again and update the same
entry (``async_update_reload_and_abort``), never a second one. When both the
entry and the new plan name an account and they differ, the flow aborts with
``wrong_account``. An entry that had no unique id keeps none, so the ids of
its device and entities never change.
"""

from collections.abc import Mapping
import logging
from typing import Any, override

from homeassistant.config_entries import (
    SOURCE_REAUTH,
    SOURCE_RECONFIGURE,
    ConfigFlowResult,
)
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.config_entry_oauth2_flow import AbstractOAuth2FlowHandler
from homeassistant.util import dt as dt_util

from .api import WorkoutPlan
from .api.client import AIEnduranceClient
from .api.exceptions import AIEnduranceAuthError, AIEnduranceError
from .auth import client_id_of
from .const import DOMAIN, MANUFACTURER, get_endpoints
from .coordinator import fetch_start

_LOGGER = logging.getLogger(__name__)


def entry_title(account_id: str | None, *, existing_entries: int) -> str:
    """Return the title of a new entry, which is also its device's name.

    The first account is plainly "AI Endurance", so its entity ids read
    ``sensor.ai_endurance_workout_today``. Any further account is told apart
    by its account id (or, without one, by its number among the entries).
    """
    if not existing_entries:
        return MANUFACTURER
    return f"{MANUFACTURER} {account_id or existing_entries + 1}"


class AIEnduranceFlowHandler(AbstractOAuth2FlowHandler, domain=DOMAIN):
    """Link an AI Endurance account through OAuth2."""

    DOMAIN = DOMAIN

    @property
    @override
    def logger(self) -> logging.Logger:
        """Return the flow's logger."""
        return _LOGGER

    async def async_step_reauth(
        self,
        entry_data: Mapping[str, Any],  # noqa: ARG002
    ) -> ConfigFlowResult:
        """Start reauthentication after the token was refused."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask the user to authorize the account again."""
        if user_input is None:
            return self.async_show_form(
                step_id="reauth_confirm",
                description_placeholders={"name": self._get_reauth_entry().title},
            )
        return await self.async_step_user()

    async def async_step_reconfigure(
        self,
        user_input: dict[str, Any] | None = None,  # noqa: ARG002
    ) -> ConfigFlowResult:
        """Authorize the entry's account again (e.g. with other credentials)."""
        return await self.async_step_user()

    @override
    async def async_oauth_create_entry(self, data: dict[str, Any]) -> ConfigFlowResult:
        """Check the token by fetching the plan, then create or update the entry."""
        try:
            plan = await self._async_fetch_plan(data["token"]["access_token"])
        except AIEnduranceAuthError:
            return self.async_abort(reason="invalid_auth")
        except AIEnduranceError as err:
            _LOGGER.debug("Cannot fetch the plan: %s", err)
            return self.async_abort(reason="cannot_connect")
        except Exception:  # the user gets "unknown", the log the details
            _LOGGER.exception("Unexpected error while fetching the plan")
            return self.async_abort(reason="unknown")

        account_id = plan.account_id
        if self.source in (SOURCE_REAUTH, SOURCE_RECONFIGURE):
            entry = (
                self._get_reauth_entry()
                if self.source == SOURCE_REAUTH
                else self._get_reconfigure_entry()
            )
            if (
                entry.unique_id is not None
                and account_id is not None
                and account_id != entry.unique_id
            ):
                return self.async_abort(reason="wrong_account")
            return self.async_update_reload_and_abort(entry, data_updates=data)

        if account_id is not None:
            await self.async_set_unique_id(account_id)
            self._abort_if_unique_id_configured()
        others = len(self._async_current_entries(include_ignore=False))
        title = entry_title(account_id, existing_entries=others)
        return self.async_create_entry(title=title, data=data)

    async def _async_fetch_plan(self, access_token: str) -> WorkoutPlan:
        """Fetch the plan with a token that is not stored yet."""

        async def token_provider() -> str:
            return access_token

        client = AIEnduranceClient(
            async_get_clientsession(self.hass),
            token_provider,
            client_id=client_id_of(self.flow_impl),
            base_url=get_endpoints(self.hass).api_base_url,
        )
        return await client.get_workouts(fetch_start(dt_util.now().date()))
