# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Diagnostics of AI Endurance: the entry and a summary of the plan, redacted.

Redacted: tokens, the client secret and id, the account id (the entry's
unique id and title, and the workouts' ``user``).
"""

from dataclasses import asdict
from typing import Any, Final

from homeassistant.components.diagnostics import REDACTED, async_redact_data
from homeassistant.core import HomeAssistant

from .const import DATA_DEV_BASE_URL
from .coordinator import week_of
from .data import AIEnduranceConfigEntry

TO_REDACT: Final = {
    "access_token",
    "refresh_token",
    "client_secret",
    "client_id",
    "user",
}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: AIEnduranceConfigEntry
) -> dict[str, Any]:
    """Return the diagnostics of an entry."""
    coordinator = entry.runtime_data.coordinator
    plan = coordinator.data
    today = coordinator.today
    monday, sunday = week_of(today)
    days = plan.days
    outbox = entry.runtime_data.outbox
    retry_at = outbox.retry_at
    reason = outbox.last_error
    return {
        "entry": {
            "title": REDACTED,
            "unique_id": None if entry.unique_id is None else REDACTED,
            "version": entry.version,
            "minor_version": entry.minor_version,
            "data": async_redact_data(entry.data, TO_REDACT),
            "options": async_redact_data(entry.options, TO_REDACT),
        },
        "development_base_url": DATA_DEV_BASE_URL in hass.data,
        "coordinator": {
            "last_update_success": coordinator.last_update_success,
            "last_exception": None
            if coordinator.last_exception is None
            else repr(coordinator.last_exception),
            "update_interval": str(coordinator.update_interval),
            "today": today.isoformat(),
        },
        "plan": {
            "workouts": len(plan),
            "skipped": plan.skipped,
            "has_account_id": plan.account_id is not None,
            "first_day": days[0].isoformat() if days else None,
            "last_day": days[-1].isoformat() if days else None,
            "workouts_this_week": len(plan.between(monday, sunday)),
            "today": [
                async_redact_data(
                    asdict(workout) | {"date": workout.date.isoformat()}, TO_REDACT
                )
                for workout in plan.on(today)
            ],
        },
        "outbox": {
            "pending": outbox.pending_count,
            "retry_at": None if retry_at is None else retry_at.isoformat(),
            "last_error": None if reason is None else reason.value,
        },
    }
