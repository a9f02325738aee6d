# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Diagnostics of AI Endurance: the entry, counts of the plan, the answer's shape.

No value of the plan is in here: no title, id, date, target or account id,
only counts and the structure of the last answer (keys and JSON types, see
``api.shape``), which is what a maintainer needs to read a format AI
Endurance changed. Redacted: tokens, the client secret and id, the entry's
unique id and title (the account id).
"""

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
    synced = coordinator.last_update_success_time
    problem = coordinator.plan_health.problem
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
            "last_synced": None if synced is None else synced.isoformat(),
        },
        # The plan shown: the last one read (kept while a later answer is not).
        "plan": {
            "workouts": len(plan),
            "skipped": plan.skipped,
            "has_account_id": plan.account_id is not None,
            "days_with_workouts": len(plan.days),
            "workouts_today": len(plan.on(today)),
            "workouts_this_week": len(plan.between(monday, sunday)),
        },
        "plan_problem": None if problem is None else problem.as_dict(),
        "last_response_shape": entry.runtime_data.client.last_response_shape,
        "outbox": {
            "pending": outbox.pending_count,
            "retry_at": None if retry_at is None else retry_at.isoformat(),
            "last_error": None if reason is None else reason.value,
        },
    }
