# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The ``ai_endurance.ping_fit_files`` action: send FIT recordings to AI Endurance.

Each file takes one path to its result: it is validated (a local path must be
allowed, exist and be a FIT activity, see :mod:`.fit`; a URL, which Home
Assistant does not download, needs a start time) or refused with a translated
``ServiceValidationError`` naming it, before anything is sent, so a call goes
all or nothing; then the account's outbox (:mod:`.outbox`) sends or queues it
or rejects it. The optional response gives each file's result. Only when
nothing of the call was sent or queued, and AI Endurance refused a file or no
ping could be built, does the call fail, so an automation learns of it.
"""

from collections.abc import Mapping
import datetime as dt
import os
from pathlib import Path
import re
from typing import Any, Final
from urllib.parse import urlsplit

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import config_validation as cv, service
from homeassistant.util import dt as dt_util
import voluptuous as vol

from .const import DOMAIN
from .data import AIEnduranceConfigEntry
from .fit import (
    MAX_FIT_FILE_SIZE,
    FitFileError,
    FitFileInfo,
    inspect_fit_file,
    summary_id_for,
)
from .outbox_store import OutboxItem, OutboxResult, Reason, Status

SERVICE_PING_FIT_FILES: Final = "ping_fit_files"

ATTR_CONFIG_ENTRY_ID: Final = "config_entry_id"
ATTR_FILES: Final = "files"
ATTR_ACTIVITY_NAME: Final = "activity_name"
ATTR_PRIORITY: Final = "priority"
ATTR_SOURCE: Final = "source"
ATTR_OVERWRITE_MODE: Final = "overwrite_mode"
ATTR_START_TIME: Final = "start_time"
ATTR_SUMMARY_ID: Final = "summary_id"

DEFAULT_SOURCE: Final = "Home Assistant"
"""The ``source`` AI Endurance sees unless the call gives another."""

_URL_LIKE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_URL_SCHEMES: Final = frozenset({"http", "https"})
_REFUSED: Final = frozenset({Reason.REFUSED, Reason.FILE_UNAVAILABLE})
"""Rejections by AI Endurance, or of a file no longer usable: ``ping_refused``."""


def _text(value: Any) -> str:
    """Return a stripped, non-empty string."""
    text = cv.string(value).strip()
    if not text:
        msg = "must not be empty"
        raise vol.Invalid(msg)
    return text


PING_FIT_FILES_SCHEMA: Final = vol.Schema(
    {
        vol.Optional(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required(ATTR_FILES): vol.All(cv.ensure_list, [_text], vol.Length(min=1)),
        vol.Optional(ATTR_ACTIVITY_NAME): vol.Any(None, cv.string),
        vol.Optional(ATTR_PRIORITY, default=1): vol.All(
            vol.Coerce(int), vol.In([0, 1])
        ),
        vol.Optional(ATTR_SOURCE, default=DEFAULT_SOURCE): _text,
        vol.Optional(ATTR_OVERWRITE_MODE, default=False): cv.boolean,
        vol.Optional(ATTR_START_TIME): cv.datetime,
        vol.Optional(ATTR_SUMMARY_ID): _text,
    }
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_PING_FIT_FILES,
        _async_ping_fit_files,
        # At run time voluptuous is probatio (Home Assistant 2026.10 installs
        # it under that name); mypy reads the voluptuous package's types.
        schema=PING_FIT_FILES_SCHEMA,  # type: ignore[arg-type]
        supports_response=SupportsResponse.OPTIONAL,
    )


def _invalid(*, translation_key: str, **placeholders: str) -> ServiceValidationError:
    """Return the translated validation error ``translation_key``."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=translation_key,
        translation_placeholders=placeholders,
    )


def _check_url(file: str) -> None:
    """Refuse anything but an http(s) URL with a host."""
    parts = urlsplit(file)
    if parts.scheme.lower() not in _URL_SCHEMES or not parts.hostname:
        raise _invalid(translation_key="url_invalid", file=file)


def _check_path(hass: HomeAssistant, file: str) -> FitFileInfo:
    """Check a local file (executor); its info has the resolved path.

    Raises ``ServiceValidationError``.
    """
    path = file if Path(file).is_absolute() else hass.config.path(file)
    if not hass.config.is_allowed_path(path):
        raise _invalid(translation_key="path_not_allowed", file=file)
    real = os.path.realpath(path)
    try:
        info = inspect_fit_file(real)
    except FitFileError as err:
        raise _invalid(
            translation_key=f"file_{err.problem}",
            file=file,
            detail=err.detail,
            limit=str(MAX_FIT_FILE_SIZE // (1024 * 1024)),
        ) from err
    return info


def _timestamp(value: dt.datetime, file: str) -> int:
    stamp = int(dt_util.as_utc(value).timestamp())
    if stamp < 0:
        raise _invalid(
            translation_key="start_time_invalid",
            file=file,
            start_time=value.isoformat(),
        )
    return stamp


async def _async_item(
    hass: HomeAssistant, file: str, data: Mapping[str, Any]
) -> OutboxItem:
    """Validate one file and build its outbox item; raise when refused."""
    location, size, mtime_ns, recorded = file, 0, 0, None
    if _URL_LIKE.match(file):
        _check_url(file)
    else:
        info = await hass.async_add_executor_job(_check_path, hass, file)
        location, size, mtime_ns = info.path, info.size, info.mtime_ns
        recorded = int(info.start_time.timestamp())
    if (start_time := data.get(ATTR_START_TIME)) is not None:
        start = _timestamp(start_time, file)
    elif recorded is None:
        raise _invalid(translation_key="url_start_time_required", file=file)
    else:
        start = recorded
    if not (summary_id := data.get(ATTR_SUMMARY_ID) or summary_id_for(file)):
        raise _invalid(translation_key="summary_id_required", file=file)
    return OutboxItem(
        summary_id=summary_id,
        location=location,
        start_time=start,
        source=data[ATTR_SOURCE],
        activity_name=data.get(ATTR_ACTIVITY_NAME),
        priority=data[ATTR_PRIORITY],
        overwrite_mode=data[ATTR_OVERWRITE_MODE],
        size=size,
        mtime_ns=mtime_ns,
    )


def _result_json(file: str, result: OutboxResult) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "file": file,
        "summary_id": result.summary_id,
        "status": result.status.value,
    }
    if result.reason is not None:
        answer["reason"] = result.reason.value
    if result.detail:
        answer["detail"] = result.detail
    return answer


def _raise_if_nothing_went(answered: list[tuple[str, OutboxResult]]) -> None:
    """Fail the call when no file was sent or queued and some could not be."""
    if any(result.status is not Status.REJECTED for _, result in answered):
        return
    refused = [(f, r) for f, r in answered if r.reason in _REFUSED]
    if failed := refused or [
        (f, r) for f, r in answered if r.reason is Reason.INVALID_ITEM
    ]:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="ping_refused" if refused else "ping_invalid",
            translation_placeholders={
                "files": ", ".join(file for file, _ in failed),
                "reason": "; ".join(r.detail or r.reason or "" for _, r in failed),
            },
        )


def _config_entry(hass: HomeAssistant, entry_id: str | None) -> AIEnduranceConfigEntry:
    """Return the loaded entry the call names, or the only one there is."""
    if entry_id is None:
        entries = hass.config_entries.async_entries(
            DOMAIN, include_ignore=False, include_disabled=False
        )
        if not entries:
            raise _invalid(translation_key="no_account")
        if len(entries) > 1:
            raise _invalid(translation_key="account_required")
        entry_id = entries[0].entry_id
    entry: AIEnduranceConfigEntry = service.async_get_config_entry(
        hass, DOMAIN, entry_id
    )
    return entry


async def _async_ping_fit_files(call: ServiceCall) -> ServiceResponse:
    """Validate the files, queue them, try to send them; say what happened."""
    hass = call.hass
    entry = _config_entry(hass, call.data.get(ATTR_CONFIG_ENTRY_ID))
    files: list[str] = call.data[ATTR_FILES]
    if len(files) > 1 and (
        ATTR_START_TIME in call.data or ATTR_SUMMARY_ID in call.data
    ):
        raise _invalid(translation_key="overrides_single_file", count=str(len(files)))
    items: list[OutboxItem] = []
    file_of: dict[str, str] = {}
    for file in files:
        item = await _async_item(hass, file, call.data)
        if (other := file_of.get(item.summary_id)) is not None:
            raise _invalid(
                translation_key="duplicate_summary_id",
                file=file,
                other=other,
                summary_id=item.summary_id,
            )
        file_of[item.summary_id] = file
        items.append(item)
    outbox = entry.runtime_data.outbox
    answered = list(zip(files, await outbox.async_submit(items), strict=True))
    _raise_if_nothing_went(answered)
    if not call.return_response:
        return None
    return {
        "files": [_result_json(file, result) for file, result in answered],
        "pending": outbox.pending_count,
    }
