# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The runner's actions: start, pause, resume and stop a workout run.

``ai_endurance.start_workout`` takes the account (``config_entry_id``), which
of today's workouts (``workout_index``: 0 is the main one, then the others in
the plan's order), an ``offset`` to join late, and the ``lead`` of the
heads-up in seconds (0: none). The other three take the account only. A
request the run cannot follow raises the runner's translated error.
"""

from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, Final

from homeassistant.core import HomeAssistant, ServiceCall, callback
from homeassistant.helpers import config_validation as cv, service
import voluptuous as vol

from .const import DOMAIN
from .data import AIEnduranceConfigEntry
from .runner import DEFAULT_LEAD, WorkoutRunner

SERVICE_START_WORKOUT: Final = "start_workout"
SERVICE_PAUSE_WORKOUT: Final = "pause_workout"
SERVICE_RESUME_WORKOUT: Final = "resume_workout"
SERVICE_STOP_WORKOUT: Final = "stop_workout"

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_WORKOUT_INDEX: Final = "workout_index"
ATTR_OFFSET: Final = "offset"
ATTR_LEAD: Final = "lead"
MAX_LEAD: Final = 600
"""Longest heads-up in seconds (10 minutes)."""

ACCOUNT_SCHEMA: Final = vol.Schema({vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string})
START_SCHEMA: Final = ACCOUNT_SCHEMA.extend(
    {
        vol.Optional(ATTR_WORKOUT_INDEX, default=0): vol.All(
            vol.Coerce(int), vol.Range(min=0)
        ),
        vol.Optional(ATTR_OFFSET, default=timedelta()): cv.positive_time_period,
        vol.Optional(ATTR_LEAD, default=DEFAULT_LEAD): vol.All(
            vol.Coerce(int), vol.Range(min=0, max=MAX_LEAD)
        ),
    }
)

type RunnerRequest = Callable[[WorkoutRunner], Awaitable[None]]

REQUESTS: Final[dict[str, RunnerRequest]] = {
    SERVICE_PAUSE_WORKOUT: WorkoutRunner.async_pause,
    SERVICE_RESUME_WORKOUT: WorkoutRunner.async_resume,
    SERVICE_STOP_WORKOUT: WorkoutRunner.async_stop,
}


def _runner(call: ServiceCall) -> WorkoutRunner:
    """Return the runner of the loaded entry the call names."""
    entry: AIEnduranceConfigEntry = service.async_get_config_entry(
        call.hass, DOMAIN, call.data[ATTR_CONFIG_ENTRY_ID]
    )
    return entry.runtime_data.runner


async def _async_start(call: ServiceCall) -> None:
    await _runner(call).async_start(
        call.data[ATTR_WORKOUT_INDEX], call.data[ATTR_OFFSET], call.data[ATTR_LEAD]
    )


def _request(
    request: RunnerRequest,
) -> Callable[[ServiceCall], Coroutine[Any, Any, None]]:
    async def async_handle(call: ServiceCall) -> None:
        await request(_runner(call))

    return async_handle


@callback
def async_setup_runner_services(hass: HomeAssistant) -> None:
    """Register the runner's actions."""
    actions = {
        SERVICE_START_WORKOUT: (_async_start, START_SCHEMA),
        **{name: (_request(req), ACCOUNT_SCHEMA) for name, req in REQUESTS.items()},
    }
    for name, (handler, schema) in actions.items():
        # At run time voluptuous is probatio (see services.py); mypy reads voluptuous.
        hass.services.async_register(
            DOMAIN,
            name,
            handler,
            schema=schema,  # type: ignore[arg-type]
        )
