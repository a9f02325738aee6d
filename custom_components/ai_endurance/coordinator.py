# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The coordinator: one account's training plan, and "today" in Home Assistant's zone.

One request per poll: ``GET /o/future_workout_static/?startDate=...`` with a
start date a few days back (the API's ``startDate`` is exclusive: "only
workouts dated after that date"), and at least back to the day before this
week's Monday, so today's workout and the whole ISO week are in the data.

"Today" is ``dt_util.now().date()``, i.e. in Home Assistant's time zone. At
local midnight the entities are told to update from the plan already held:
the day rolls over without a request.

Errors: an authentication failure raises ``ConfigEntryAuthFailed`` (Home
Assistant starts reauthentication); the client has already renewed a refused
access token once and tried again, so this is a refused refresh or a second
401, not a token merely refused before its expiry; 429 (and a 5xx carrying Retry-After)
become ``UpdateFailed(retry_after=...)`` so the next poll waits as asked;
everything else is ``UpdateFailed``. The ``DataUpdateCoordinator`` logs the
first failure once and "recovered" once, not every poll, and its entities are
unavailable meanwhile.
"""

from datetime import date, datetime, timedelta
import logging
from typing import TYPE_CHECKING, override

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .api.client import AIEnduranceClient
from .api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceError,
    AIEnduranceRateLimitError,
    AIEnduranceServerError,
)
from .api.models import WorkoutPlan
from .const import DOMAIN, HISTORY_DAYS, UPDATE_INTERVAL

if TYPE_CHECKING:
    from .data import AIEnduranceConfigEntry

_LOGGER = logging.getLogger(__name__)


def week_of(day: date) -> tuple[date, date]:
    """Return the ISO week (Monday, Sunday) that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def fetch_start(today: date) -> date:
    """Return the ``startDate`` to send: exclusive, so the day before the first wanted.

    The first day wanted is the earlier of ``HISTORY_DAYS - 1`` days ago and
    this week's Monday.
    """
    monday, _ = week_of(today)
    return min(today - timedelta(days=HISTORY_DAYS), monday - timedelta(days=1))


class AIEnduranceCoordinator(DataUpdateCoordinator[WorkoutPlan]):
    """Fetch the plan of one AI Endurance account."""

    config_entry: AIEnduranceConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: AIEnduranceConfigEntry,
        client: AIEnduranceClient,
    ) -> None:
        """Set up the coordinator; nothing is fetched yet."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=UPDATE_INTERVAL,
            # Plans compare by value: listeners only hear about real changes.
            always_update=False,
        )
        self.client = client

    @property
    def today(self) -> date:
        """Today in Home Assistant's time zone."""
        return dt_util.now().date()

    @override
    async def _async_update_data(self) -> WorkoutPlan:
        """Fetch the plan: one request."""
        try:
            return await self.client.get_workouts(fetch_start(self.today))
        except AIEnduranceAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="auth_failed",
            ) from err
        except AIEnduranceError as err:
            retry_after = (
                err.retry_after
                if isinstance(err, AIEnduranceRateLimitError | AIEnduranceServerError)
                else None
            )
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key=(
                    "rate_limited"
                    if isinstance(err, AIEnduranceRateLimitError)
                    else "update_failed"
                ),
                translation_placeholders={"error": str(err)},
                retry_after=retry_after,
            ) from err

    @callback
    def async_track_midnight(self) -> CALLBACK_TYPE:
        """Update the entities at local midnight, no request; return the remover."""
        return async_track_time_change(
            self.hass, self._async_midnight, hour=0, minute=0, second=0
        )

    @callback
    def _async_midnight(self, now: datetime) -> None:
        """Roll "today" over: no request, the plan already covers the coming days."""
        self.logger.debug("New day %s: updating the entities", now.date())
        self.async_update_listeners()
