# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The ``ai_endurance.ping_fit_files`` action: send FIT recordings to AI Endurance.

Each file is a local path (Home Assistant reads it and sends it base64-encoded)
or an http(s) URL AI Endurance downloads itself.

Validation happens before anything is sent, all files or none: a failure is
a ``ServiceValidationError`` naming the file.

* A path, absolute or relative to the configuration folder, must be allowed
  by ``allowlist_external_dirs`` (``hass.config.is_allowed_path``), exist, be
  at most :data:`~.fit.MAX_FIT_FILE_SIZE` bytes and be a FIT activity (header,
  sizes and CRC; see :mod:`.fit`). Its ``start_time_in_seconds`` comes from
  the recording and its ``summary_id`` is its file name.
* A URL must be http or https. Home Assistant does not download it, so
  ``start_time`` must be given; ``summary_id`` defaults to the URL's file name.
* ``start_time`` and ``summary_id`` override what the file says and apply to
  one file only.
* Two files with the same ``summary_id`` in one call are refused.

Then the files go to the account's outbox (:mod:`.outbox`), which writes them
to the Store and sends them in batches. The response (optional) has one
result per file: ``sent``, ``queued`` (with the reason it could not go now; it
is retried, across restarts, until delivered) or ``rejected`` (with the
reason: ``already_sent`` when the ``summary_id`` went out before and
``overwrite_mode`` is off, ``refused`` by AI Endurance, ``file_unavailable``,
``invalid_item`` when no ping can be built from it). When AI Endurance refuses
files (or no ping can be built) and none of the call's files was sent or
queued, the action raises ``HomeAssistantError``.
"""

from dataclasses import dataclass
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
from .outbox import OutboxItem, OutboxResult, Reason, Status

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


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A validated file: the item to queue and the name the caller used."""

    file: str
    item: OutboxItem


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


async def _async_prepare(
    hass: HomeAssistant, file: str, data: dict[str, Any]
) -> _Prepared:
    """Validate one file and build its outbox item."""
    start_override: dt.datetime | None = data.get(ATTR_START_TIME)
    summary_id: str | None = data.get(ATTR_SUMMARY_ID)
    if _URL_LIKE.match(file):
        parts = urlsplit(file)
        if parts.scheme.lower() not in _URL_SCHEMES or not parts.hostname:
            raise _invalid(translation_key="url_invalid", file=file)
        if start_override is None:
            raise _invalid(translation_key="url_start_time_required", file=file)
        location, size, mtime_ns = file, 0, 0
        start = _timestamp(start_override, file)
        summary_id = summary_id or summary_id_for(file)
    else:
        info = await hass.async_add_executor_job(_check_path, hass, file)
        location, size, mtime_ns = info.path, info.size, info.mtime_ns
        start = int(info.start_time.timestamp())
        if start_override is not None:
            start = _timestamp(start_override, file)
        summary_id = summary_id or summary_id_for(file)
    if not summary_id:
        raise _invalid(translation_key="summary_id_required", file=file)
    return _Prepared(
        file,
        OutboxItem(
            summary_id=summary_id,
            location=location,
            start_time=start,
            source=data[ATTR_SOURCE],
            activity_name=data.get(ATTR_ACTIVITY_NAME),
            priority=data[ATTR_PRIORITY],
            overwrite_mode=data[ATTR_OVERWRITE_MODE],
            size=size,
            mtime_ns=mtime_ns,
        ),
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
    prepared: list[_Prepared] = []
    seen: dict[str, str] = {}
    for file in files:
        ready = await _async_prepare(hass, file, dict(call.data))
        summary_id = ready.item.summary_id
        if (other := seen.get(summary_id)) is not None:
            raise _invalid(
                translation_key="duplicate_summary_id",
                file=file,
                other=other,
                summary_id=summary_id,
            )
        seen[summary_id] = file
        prepared.append(ready)

    outbox = entry.runtime_data.outbox
    results = await outbox.async_submit([ready.item for ready in prepared])

    refused = [
        (ready.file, result)
        for ready, result in zip(prepared, results, strict=True)
        if result.reason in {Reason.REFUSED, Reason.FILE_UNAVAILABLE}
    ]
    nothing_went = not any(
        result.status in {Status.SENT, Status.QUEUED} for result in results
    )
    invalid = [
        ready.file
        for ready, result in zip(prepared, results, strict=True)
        if result.reason is Reason.INVALID_ITEM
    ]
    if invalid and not refused and nothing_went:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="ping_invalid",
            translation_placeholders={"files": ", ".join(invalid)},
        )
    if refused and nothing_went:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="ping_refused",
            translation_placeholders={
                "files": ", ".join(file for file, _ in refused),
                "reason": "; ".join(
                    result.detail or result.reason or "" for _, result in refused
                ),
            },
        )
    if not call.return_response:
        return None
    return {
        "files": [
            _result_json(ready.file, result)
            for ready, result in zip(prepared, results, strict=True)
        ],
        "pending": outbox.pending_count,
    }
