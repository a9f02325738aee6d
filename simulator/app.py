# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The simulator's aiohttp application: routes and middlewares."""

from __future__ import annotations

from typing import Final

from aiohttp import web

from . import admin, api, oauth
from .faults import FIT_PING_PATH, WORKOUTS_PATH
from .middlewares import apply_faults, count_requests
from .state import STATE_KEY, SimulatorState

MAX_BODY_SIZE: Final = 64 * 1024 * 1024
"""Largest request body accepted: FIT files sent inline as base64 are large."""


async def index(request: web.Request) -> web.Response:
    """`GET /`: what this server is and where its endpoints are."""
    state = request.app[STATE_KEY]
    return web.json_response(
        {
            "name": "AI Endurance simulator",
            "authorize": "/authorize",
            "token": "/o/token/",
            "revoke": "/o/revoke_token/",
            "workouts": WORKOUTS_PATH,
            "fit_ping": FIT_PING_PATH,
            "admin": "/_sim/state",
            "athletes": {a.athlete_id: a.name for a in state.athletes.values()},
        }
    )


async def _on_startup(app: web.Application) -> None:
    app[STATE_KEY].started()


async def _on_shutdown(app: web.Application) -> None:
    app[STATE_KEY].stopping()


def create_app(state: SimulatorState | None = None) -> web.Application:
    """Return the simulator application serving `state` (a new one if None)."""
    app = web.Application(
        middlewares=[count_requests, admin.admin_errors, apply_faults],
        client_max_size=MAX_BODY_SIZE,
    )
    app[STATE_KEY] = state if state is not None else SimulatorState()
    app.on_startup.append(_on_startup)
    app.on_shutdown.append(_on_shutdown)
    app.add_routes(
        [
            web.get("/", index),
            web.get("/authorize", oauth.authorize_get),
            web.post("/authorize", oauth.authorize_post),
            web.get("/authorize/", oauth.authorize_get),
            web.post("/authorize/", oauth.authorize_post),
            web.post("/o/token/", oauth.token),
            web.post("/o/revoke_token/", oauth.revoke_token),
            web.get(WORKOUTS_PATH, api.future_workout_static),
            web.post(FIT_PING_PATH, api.fit_partner_ping),
            web.post("/_sim/token", admin.issue_token),
            web.get("/_sim/faults", admin.list_faults),
            web.post("/_sim/faults", admin.set_fault),
            web.delete("/_sim/faults", admin.clear_faults),
            web.get("/_sim/pings", admin.list_pings),
            web.delete("/_sim/pings", admin.clear_pings),
            web.post("/_sim/reset", admin.reset),
            web.get("/_sim/plan", admin.get_plan),
            web.post("/_sim/plan", admin.change_plan),
            web.get("/_sim/state", admin.get_state),
            web.post("/_sim/clients", admin.register_client),
            web.post("/_sim/expire_tokens", admin.expire_tokens),
        ]
    )
    return app
