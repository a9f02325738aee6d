# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Admin endpoints under `/_sim/`, for tests and demos (no authentication).

The simulator listens on loopback; these endpoints change its state at run
time. Every answer is JSON; a bad request gets 400
`{"error": "invalid_request", "detail": ...}`.

- `POST /_sim/token` `{"athlete": "1", "client_id": optional}`: a token pair
  without the browser.
- `GET|POST|DELETE /_sim/faults`: list, set (`{"fault", "count", "retry_after",
  "delay", "paths", "page_size"}`), clear (all, or `?fault=NAME`).
- `GET|DELETE /_sim/pings`: what `fit_partner_ping` accepted.
- `POST /_sim/reset` `{"tokens": false}`: faults, pings, counts, plans.
- `GET /_sim/plan?athlete=1`, `POST /_sim/plan`: read or change a plan (also:
  move an interval workout to a day, for the workout runner).
- `GET /_sim/state`: counts of requests per endpoint, tokens, faults.
- `POST /_sim/clients`: register another client.
- `POST /_sim/expire_tokens`: make every access token expired now.
"""

from __future__ import annotations

from collections.abc import Sequence
import json
from typing import Any, Final, cast

from aiohttp import web
from aiohttp.typedefs import Handler

from .faults import Default, FaultName
from .plan import Sport
from .state import STATE_KEY, SimulatorState, parse_iso_date

SPORTS: Final = ("Run", "Ride")
"""Sports with interval workouts."""


class AdminError(Exception):
    """A bad admin request; the message is the `detail` of the 400 answer."""


def _error(detail: str, status: int = 400) -> web.Response:
    return web.json_response(
        {"error": "invalid_request", "detail": detail}, status=status
    )


async def _body(request: web.Request) -> dict[str, Any]:
    """Return the JSON object body (an empty body is `{}`)."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as err:
        msg = "body: not valid JSON"
        raise AdminError(msg) from err
    if not isinstance(body, dict):
        msg = "body: must be a JSON object"
        raise AdminError(msg)
    return body


def _check_keys(body: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        msg = f"unknown field(s): {', '.join(unknown)}; allowed: {', '.join(allowed)}"
        raise AdminError(msg)


def _number(body: dict[str, Any], key: str) -> float | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        msg = f"{key}: must be a number"
        raise AdminError(msg)
    return float(value)


def _integer(body: dict[str, Any], key: str) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{key}: must be an integer"
        raise AdminError(msg)
    return value


def _athlete(request: web.Request, value: object) -> str:
    state = request.app[STATE_KEY]
    athlete = "1" if value is None else value
    if isinstance(athlete, int) and not isinstance(athlete, bool):
        athlete = str(athlete)
    if not isinstance(athlete, str) or athlete not in state.athletes:
        known = ", ".join(state.athletes)
        msg = f"athlete: unknown athlete {athlete!r}; known: {known}"
        raise AdminError(msg)
    return athlete


@web.middleware
async def admin_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn `AdminError` into a 400 JSON answer."""
    try:
        response: web.StreamResponse = await handler(request)
    except AdminError as err:
        return _error(str(err))
    return response


async def issue_token(request: web.Request) -> web.Response:
    """`POST /_sim/token`: a token pair for an athlete, without the browser."""
    state = request.app[STATE_KEY]
    body = await _body(request)
    _check_keys(body, ("athlete", "client_id"))
    athlete = _athlete(request, body.get("athlete"))
    client_id = body.get("client_id") or "ai-endurance-dev"
    if not isinstance(client_id, str) or client_id not in state.clients:
        msg = f"client_id: unknown client {client_id!r}"
        raise AdminError(msg)
    pair = state.issue_token(athlete, client_id)
    return web.json_response(
        {**pair.to_json(), "athlete": athlete, "client_id": client_id}
    )


async def list_faults(request: web.Request) -> web.Response:
    """`GET /_sim/faults`: the active faults."""
    state = request.app[STATE_KEY]
    return web.json_response({"faults": [f.to_json() for f in state.faults]})


async def set_fault(request: web.Request) -> web.Response:
    """`POST /_sim/faults`: activate a fault."""
    state = request.app[STATE_KEY]
    body = await _body(request)
    _check_keys(body, ("fault", "count", "retry_after", "delay", "paths", "page_size"))
    name = body.get("fault")
    if not isinstance(name, str):
        msg = f"fault: required, one of {', '.join(FaultName)}"
        raise AdminError(msg)
    paths = body.get("paths")
    if paths is not None and (
        not isinstance(paths, list) or not all(isinstance(p, str) for p in paths)
    ):
        msg = "paths: must be a list of path prefixes"
        raise AdminError(msg)
    retry_after: float | Default | None = (
        _number(body, "retry_after") if "retry_after" in body else Default.DEFAULT
    )
    revoked = (len(state.tokens.access_tokens), len(state.tokens.refresh_tokens))
    try:
        fault = state.set_fault(
            name,
            count=_integer(body, "count"),
            retry_after=retry_after,
            delay=_number(body, "delay"),
            paths=paths,
            page_size=_integer(body, "page_size"),
        )
    except ValueError as err:
        raise AdminError(str(err)) from err
    faults = [f.to_json() for f in state.faults]
    if fault is None:
        return web.json_response(
            {
                "fault": FaultName.REVOKED_TOKEN.value,
                "revoked": {"access": revoked[0], "refresh": revoked[1]},
                "faults": faults,
            }
        )
    return web.json_response({"fault": fault.to_json(), "faults": faults})


async def clear_faults(request: web.Request) -> web.Response:
    """`DELETE /_sim/faults[?fault=NAME]`: clear all faults or one."""
    state = request.app[STATE_KEY]
    name = request.query.get("fault")
    try:
        cleared = state.clear_faults(name)
    except ValueError as err:
        msg = f"fault: unknown fault {name!r}"
        raise AdminError(msg) from err
    return web.json_response({"cleared": cleared})


async def list_pings(request: web.Request) -> web.Response:
    """`GET /_sim/pings`: every file `fit_partner_ping` accepted, oldest first."""
    state = request.app[STATE_KEY]
    return web.json_response({"pings": [p.to_json() for p in state.pings]})


async def clear_pings(request: web.Request) -> web.Response:
    """`DELETE /_sim/pings`: forget received pings."""
    state = request.app[STATE_KEY]
    cleared = len(state.pings)
    state.pings.clear()
    return web.json_response({"cleared": cleared})


async def reset(request: web.Request) -> web.Response:
    """`POST /_sim/reset`: faults, pings, counts and plans back to the start."""
    state = request.app[STATE_KEY]
    body = await _body(request)
    _check_keys(body, ("tokens",))
    tokens = body.get("tokens", False)
    if not isinstance(tokens, bool):
        msg = "tokens: must be a boolean"
        raise AdminError(msg)
    state.reset(tokens=tokens)
    return web.json_response({"status": "ok"})


async def get_plan(request: web.Request) -> web.Response:
    """`GET /_sim/plan?athlete=1`: the athlete's whole plan, unfiltered."""
    state = request.app[STATE_KEY]
    athlete = _athlete(request, request.query.get("athlete"))
    return web.json_response({"athlete": athlete, "workouts": state.workouts(athlete)})


async def change_plan(request: web.Request) -> web.Response:
    """`POST /_sim/plan`: shift, replace, extend or thin out a plan.

    Body: `{"athlete": "1"}` plus exactly one of `"shift_days": N`,
    `"workouts": [...]` (replace), `"add": [...]` (append, then sort by date),
    `"remove_date": "YYYY-MM-DD"`, `"regenerate": true`,
    `"interval_on": "YYYY-MM-DD"` (shift the plan so that an interval
    workout is on that day; `"sport": "Run"` or `"Ride"` to choose).
    """
    state = request.app[STATE_KEY]
    body = await _body(request)
    actions = (
        "shift_days",
        "workouts",
        "add",
        "remove_date",
        "regenerate",
        "interval_on",
    )
    # `sport` goes with `interval_on` only.
    _check_keys(
        body, ("athlete", *actions, *(["sport"] if "interval_on" in body else []))
    )
    athlete = _athlete(request, body.get("athlete"))
    chosen = [key for key in actions if key in body]
    if len(chosen) != 1:
        msg = f"give exactly one of: {', '.join(actions)}"
        raise AdminError(msg)
    action = chosen[0]
    result: dict[str, Any] = {"athlete": athlete, "action": action}
    if action == "shift_days":
        days = _integer(body, "shift_days")
        if days is None:
            msg = "shift_days: must be an integer"
            raise AdminError(msg)
        result["changed"] = state.shift_plan(athlete, days)
    elif action in {"workouts", "add"}:
        workouts = body[action]
        if not isinstance(workouts, list) or not all(
            isinstance(w, dict) for w in workouts
        ):
            msg = f"{action}: must be a list of objects"
            raise AdminError(msg)
        if action == "workouts":
            state.replace_plan(athlete, workouts)
        else:
            state.add_workouts(athlete, workouts)
        result["changed"] = len(workouts)
    elif action in {"remove_date", "interval_on"}:
        result.update(_dated_change(state, athlete, action, body))
    else:
        state.regenerate_plans(athlete)
        result["changed"] = len(state.plans[athlete])
    result["workouts"] = len(state.plans[athlete])
    return web.json_response(result)


def _dated_change(
    state: SimulatorState, athlete: str, action: str, body: dict[str, Any]
) -> dict[str, int]:
    """Remove a day's workouts, or move an interval workout to the day."""
    day = parse_iso_date(body[action])
    if day is None:
        msg = f"{action}: expected a date as YYYY-MM-DD"
        raise AdminError(msg)
    if action == "remove_date":
        return {"changed": state.remove_date(athlete, day)}
    sport = body.get("sport")
    if sport is not None and sport not in SPORTS:
        msg = f"sport: one of {', '.join(SPORTS)}"
        raise AdminError(msg)
    try:
        days = state.interval_on(athlete, day, cast("Sport | None", sport))
    except ValueError as err:
        raise AdminError(str(err)) from err
    return {"shift_days": days}


async def get_state(request: web.Request) -> web.Response:
    """`GET /_sim/state`: request counts per endpoint, tokens, faults, plans."""
    return web.json_response(request.app[STATE_KEY].snapshot())


async def register_client(request: web.Request) -> web.Response:
    """`POST /_sim/clients`: register a client with exact redirect URIs."""
    state = request.app[STATE_KEY]
    body = await _body(request)
    _check_keys(body, ("client_id", "client_secret", "redirect_uris", "name"))
    client_id = body.get("client_id")
    secret = body.get("client_secret")
    uris = body.get("redirect_uris")
    name = body.get("name")
    if not isinstance(client_id, str) or not client_id:
        msg = "client_id: required string"
        raise AdminError(msg)
    if not isinstance(secret, str) or not secret:
        msg = "client_secret: required string"
        raise AdminError(msg)
    if not isinstance(uris, list) or not all(isinstance(u, str) for u in uris):
        msg = "redirect_uris: required list of strings"
        raise AdminError(msg)
    if name is not None and not isinstance(name, str):
        msg = "name: must be a string"
        raise AdminError(msg)
    client = state.register_client(client_id, secret, uris, name)
    return web.json_response(
        {"client_id": client.client_id, "redirect_uris": sorted(client.redirect_uris)}
    )


async def expire_tokens(request: web.Request) -> web.Response:
    """`POST /_sim/expire_tokens`: every access token expires now."""
    state = request.app[STATE_KEY]
    return web.json_response({"expired": state.tokens.expire_access_tokens()})
