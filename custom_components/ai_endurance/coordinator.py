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
everything else is ``UpdateFailed``. An answer that holds workouts but none
readable, or is of unknown shape, is ``UpdateFailed`` too, never a plan of
rest days (``plan_health`` warns and raises a repair issue). The
``DataUpdateCoordinator`` logs the
first failure once and "recovered" once, not every poll, and its entities are
unavailable meanwhile.
"""

from datetime import date, datetime, timedelta
import logging
from typing import TYPE_CHECKING, override

from homeassistant.const import EVENT_CORE_CONFIG_UPDATE
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.update_coordinator import (
    TimestampDataUpdateCoordinator,
    UpdateFailed,
)
from homeassistant.util import dt as dt_util

from .api import WorkoutPlan
from .api.client import AIEnduranceClient
from .api.exceptions import (
    AIEnduranceAuthError,
    AIEnduranceError,
    AIEnduranceRateLimitError,
    AIEnduranceServerError,
    AIEnduranceShapeError,
)
from .const import DOMAIN, HISTORY_DAYS, UPDATE_INTERVAL
from .plan_health import PlanHealth
from .presentation import DayView, Phrases, PlanViews
from .texts import async_load_phrases, uses_imperial

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


class AIEnduranceCoordinator(TimestampDataUpdateCoordinator[WorkoutPlan]):
    """Fetch the plan of one AI Endurance account.

    ``last_update_success_time`` is the last successful fetch ("Last synced").
    """

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
        self.plan_health = PlanHealth(hass, entry)
        self.phrases = Phrases()
        self._phrases_config: tuple[str, bool] | None = None
        self._views: PlanViews | None = None

    @property
    def synced_signal(self) -> str:
        """Return the dispatcher signal sent after each successful fetch."""
        return f"{DOMAIN}_synced_{self.config_entry.entry_id}"

    @callback
    @override
    def _async_refresh_finished(self) -> None:
        """Announce a successful fetch, also one that left the plan unchanged."""
        super()._async_refresh_finished()
        if self.last_update_success:
            async_dispatcher_send(self.hass, self.synced_signal)

    @property
    def today(self) -> date:
        """Today in Home Assistant's time zone."""
        return dt_util.now().date()

    @override
    async def _async_setup(self) -> None:
        """Load the phrases of the workout texts; reload them with the language."""
        self.phrases = await async_load_phrases(self.hass)
        self._phrases_config = self._texts_config
        self.config_entry.async_on_unload(
            self.hass.bus.async_listen(
                EVENT_CORE_CONFIG_UPDATE, self._async_core_config_updated
            )
        )

    async def _async_core_config_updated(self, event: Event) -> None:  # noqa: ARG002
        """Write the texts again in a new language or unit system, else nothing.

        The event also fires for a new location or time zone, which change no text.
        """
        if self._texts_config == self._phrases_config:
            return
        self.phrases = await async_load_phrases(self.hass)
        self._phrases_config = self._texts_config
        self.async_update_listeners()

    @property
    def _texts_config(self) -> tuple[str, bool]:
        """What the texts are written for: the language and imperial units."""
        return self.hass.config.language, uses_imperial(self.hass)

    @property
    def views(self) -> PlanViews:
        """The texts of the plan held, in Home Assistant's language and units.

        Built once per plan, language and unit system; each view lazily.
        """
        plan, phrases, imperial = self.data, self.phrases, uses_imperial(self.hass)
        if self._views is None or not self._views.serves(
            plan, phrases, imperial=imperial
        ):
            self._views = PlanViews(plan, phrases, imperial=imperial)
        return self._views

    def day_view(self, day: date) -> DayView:
        """Return what a person sees of ``day`` (cached, see ``views``)."""
        return self.views.day(day)

    @override
    async def _async_update_data(self) -> WorkoutPlan:
        """Fetch the plan: one request; a plan that cannot be read is not shown."""
        try:
            plan = await self.client.get_workouts(fetch_start(self.today))
        except AIEnduranceAuthError as err:
            raise ConfigEntryAuthFailed(
                translation_domain=DOMAIN,
                translation_key="auth_failed",
            ) from err
        except AIEnduranceShapeError as err:
            raise await self.plan_health.async_unknown_shape(err.keys) from err
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
        return await self.plan_health.async_check(plan)

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
