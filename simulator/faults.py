# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Faults switchable at run time: error answers, slowness, schema variants.

A fault is set with `POST /_sim/faults` (or `SimulatorState.faults.add`) and
applies to requests whose path starts with one of its `paths` (default: the
two bearer-protected API endpoints; `/_sim/` is never affected). `count` is the
number of requests it affects; None keeps it until cleared. Several faults can
be active: `slow` delays a request and lets it go on, then the first matching
answer fault (in the order set) answers instead of the endpoint. Schema
variants only shape `GET /o/future_workout_static/` answers.

`revoked_token` is an action, not a lasting fault: setting it revokes every
token issued so far (see `SimulatorState.set_fault`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum, StrEnum
import math
from typing import Any, Final

from aiohttp import web

WORKOUTS_PATH: Final = "/o/future_workout_static/"
FIT_PING_PATH: Final = "/api/fit_partner_ping/"
API_PATHS: Final = (WORKOUTS_PATH, FIT_PING_PATH)
"""Where a fault applies when it names no `paths`."""
ADMIN_PREFIX: Final = "/_sim/"

DEFAULT_RETRY_AFTER: Final = 30.0
"""Retry-After of `rate_limit` when the fault does not say."""
DEFAULT_DELAY: Final = 35.0
"""Delay of `slow` when the fault does not say: above the client's 30 s timeout."""
DEFAULT_PAGE_SIZE: Final = 20
"""Page size of `variant_paginated` when neither the fault nor the query says."""


class FaultName(StrEnum):
    """Names accepted by `POST /_sim/faults`."""

    EXPIRED_TOKEN = "expired_token"  # noqa: S105 (a fault name)
    REVOKED_TOKEN = "revoked_token"  # noqa: S105 (a fault name)
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    RATE_LIMIT = "rate_limit"
    SERVER_ERROR = "server_error"
    UNAVAILABLE = "unavailable"
    SLOW = "slow"
    MALFORMED_JSON = "malformed_json"
    NOT_JSON = "not_json"
    VARIANT_PAGINATED = "variant_paginated"
    VARIANT_STEPS_STRING = "variant_steps_string"
    VARIANT_NULLS = "variant_nulls"
    VARIANT_WRONG_SHAPE = "variant_wrong_shape"
    VARIANT_ALIASES = "variant_aliases"
    VARIANT_DATETIME_DATES = "variant_datetime_dates"
    VARIANT_STRING_NUMBERS = "variant_string_numbers"
    VARIANT_ENVELOPE_WORKOUTS = "variant_envelope_workouts"
    VARIANT_ENVELOPE_DATA = "variant_envelope_data"
    VARIANT_UNKNOWN_DATE_KEY = "variant_unknown_date_key"


ANSWER_FAULTS: Final = frozenset(
    {
        FaultName.EXPIRED_TOKEN,
        FaultName.UNAUTHORIZED,
        FaultName.FORBIDDEN,
        FaultName.RATE_LIMIT,
        FaultName.SERVER_ERROR,
        FaultName.UNAVAILABLE,
        FaultName.MALFORMED_JSON,
        FaultName.NOT_JSON,
    }
)
"""Faults that answer in place of the endpoint."""

VARIANT_FAULTS: Final = frozenset(
    name for name in FaultName if name.startswith("variant_")
)
"""Faults that change the shape of the workouts answer."""

MALFORMED_BODY: Final = '[{"id": 17399410, "date": "2026-11-21", "title": "Tempo'
NOT_JSON_BODY: Final = (
    "<!DOCTYPE html>\n<html><head><title>AI Endurance</title></head>"
    "<body><h1>We'll be right back</h1><p>AI Endurance is under maintenance."
    "</p></body></html>\n"
)


@dataclass(slots=True)
class Fault:
    """One active fault."""

    name: FaultName
    remaining: int | None = None
    """Requests still affected; None: until cleared."""
    retry_after: float | None = None
    """Seconds for Retry-After (`rate_limit`, `unavailable`); None: no header."""
    delay: float = DEFAULT_DELAY
    """Seconds `slow` waits before the request goes on."""
    paths: tuple[str, ...] = API_PATHS
    """Path prefixes the fault applies to."""
    page_size: int | None = None
    """Page size of `variant_paginated`."""
    hits: int = field(default=0)
    """Requests affected so far."""

    def applies_to(self, path: str) -> bool:
        """Return whether a request to `path` is affected."""
        if path.startswith(ADMIN_PREFIX):
            return False
        return any(path.startswith(prefix) for prefix in self.paths)

    def to_json(self) -> dict[str, Any]:
        """Return the fault as shown by the admin endpoints."""
        return {
            "fault": str(self.name),
            "count": self.remaining,
            "retry_after": self.retry_after,
            "delay": self.delay,
            "paths": list(self.paths),
            "page_size": self.page_size,
            "hits": self.hits,
        }


class Default(Enum):
    """Marks an argument left to the fault's default."""

    DEFAULT = "default"


def make_fault(
    name: FaultName | str,
    *,
    count: int | None = None,
    retry_after: float | Default | None = Default.DEFAULT,
    delay: float | None = None,
    paths: Sequence[str] | None = None,
    page_size: int | None = None,
) -> Fault:
    """Build a fault, checking its arguments; raise ValueError when invalid.

    `retry_after` left to its default is 30 s for `rate_limit` and no header
    for `unavailable`; None means no Retry-After header.
    """
    try:
        fault_name = FaultName(name)
    except ValueError:
        known = ", ".join(FaultName)
        msg = f"fault: unknown fault {name!r}; known: {known}"
        raise ValueError(msg) from None
    if count is not None and (isinstance(count, bool) or count < 1):
        msg = "count: must be a positive integer or null"
        raise ValueError(msg)
    if isinstance(retry_after, Default):
        retry_after = (
            DEFAULT_RETRY_AFTER if fault_name == FaultName.RATE_LIMIT else None
        )
    elif retry_after is not None and retry_after < 0:
        msg = "retry_after: must be a number of seconds >= 0 or null"
        raise ValueError(msg)
    if delay is not None and delay < 0:
        msg = "delay: must be a number of seconds >= 0"
        raise ValueError(msg)
    if paths is not None and (not paths or any(not p.startswith("/") for p in paths)):
        msg = 'paths: must be a non-empty list of path prefixes starting with "/"'
        raise ValueError(msg)
    if page_size is not None and (isinstance(page_size, bool) or page_size < 1):
        msg = "page_size: must be a positive integer"
        raise ValueError(msg)
    return Fault(
        name=fault_name,
        remaining=count,
        retry_after=retry_after,
        delay=DEFAULT_DELAY if delay is None else delay,
        paths=API_PATHS if paths is None else tuple(paths),
        page_size=page_size,
    )


class FaultSet:
    """The active faults, in the order they were set."""

    def __init__(self) -> None:
        """Start with no fault."""
        self._faults: list[Fault] = []

    def __iter__(self) -> Iterator[Fault]:
        """Iterate over the active faults."""
        return iter(list(self._faults))

    def __len__(self) -> int:
        """Return how many faults are active."""
        return len(self._faults)

    def add(self, fault: Fault) -> Fault:
        """Activate `fault`, replacing an active fault of the same name."""
        self._faults = [f for f in self._faults if f.name != fault.name]
        self._faults.append(fault)
        return fault

    def clear(self, name: FaultName | None = None) -> int:
        """Deactivate every fault, or the one called `name`; return how many."""
        before = len(self._faults)
        self._faults = [f for f in self._faults if name is not None and f.name != name]
        return before - len(self._faults)

    def active(self) -> list[Fault]:
        """Return the active faults."""
        return list(self._faults)

    def take(self, path: str, names: frozenset[FaultName]) -> Fault | None:
        """Return the first active fault in `names` applying to `path`.

        Counts the request against the fault and removes a fault whose count
        is used up.
        """
        for fault in self._faults:
            if fault.name in names and fault.applies_to(path):
                fault.hits += 1
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
                return fault
        return None


def _expired_token(fault: Fault) -> web.Response:
    del fault
    return web.json_response(
        {"error": "invalid_token", "detail": "The access token expired."},
        status=401,
        headers={
            "WWW-Authenticate": 'Bearer realm="api", error="invalid_token", '
            'error_description="The access token expired"'
        },
    )


def _unauthorized(fault: Fault) -> web.Response:
    del fault
    return web.json_response(
        {"detail": "Authentication credentials were not provided."},
        status=401,
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


def _forbidden(fault: Fault) -> web.Response:
    del fault
    return web.json_response(
        {"detail": "You do not have permission to perform this action."},
        status=403,
    )


def _retry_after(fault: Fault) -> dict[str, str]:
    if fault.retry_after is None:
        return {}
    return {"Retry-After": str(math.ceil(fault.retry_after))}


def _rate_limit(fault: Fault) -> web.Response:
    headers = _retry_after(fault)
    detail = "Request was throttled."
    if headers:
        detail += f" Expected available in {headers['Retry-After']} seconds."
    return web.json_response({"detail": detail}, status=429, headers=headers)


def _server_error(fault: Fault) -> web.Response:
    del fault
    return web.Response(
        status=500,
        text="<!doctype html>\n<html><body><h1>Server Error (500)</h1></body></html>\n",
        content_type="text/html",
    )


def _unavailable(fault: Fault) -> web.Response:
    return web.Response(
        status=503,
        text="<!doctype html>\n<html><body><h1>503 Service Unavailable</h1>"
        "</body></html>\n",
        content_type="text/html",
        headers=_retry_after(fault),
    )


def _malformed_json(fault: Fault) -> web.Response:
    del fault
    return web.Response(
        status=200, text=MALFORMED_BODY, content_type="application/json"
    )


def _not_json(fault: Fault) -> web.Response:
    del fault
    return web.Response(status=200, text=NOT_JSON_BODY, content_type="text/html")


_ANSWERS: Final[dict[FaultName, Callable[[Fault], web.Response]]] = {
    FaultName.EXPIRED_TOKEN: _expired_token,
    FaultName.UNAUTHORIZED: _unauthorized,
    FaultName.FORBIDDEN: _forbidden,
    FaultName.RATE_LIMIT: _rate_limit,
    FaultName.SERVER_ERROR: _server_error,
    FaultName.UNAVAILABLE: _unavailable,
    FaultName.MALFORMED_JSON: _malformed_json,
    FaultName.NOT_JSON: _not_json,
}


def answer(fault: Fault) -> web.Response:
    """Return the response an answer fault gives in place of the endpoint.

    `expired_token`: 401 `WWW-Authenticate: Bearer error="invalid_token"`;
    `unauthorized`: 401; `forbidden`: 403; `rate_limit`: 429 with Retry-After;
    `server_error`: 500 HTML; `unavailable`: 503 HTML (Retry-After if set);
    `malformed_json`: 200 application/json cut short; `not_json`: 200 HTML.
    """
    build = _ANSWERS.get(fault.name)
    if build is None:
        msg = f"{fault.name} is not an answer fault"
        raise ValueError(msg)
    return build(fault)
