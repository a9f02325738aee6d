# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: INP001  (a script, not a package)
"""The real-browser check's driver (scripts/browser-check starts everything).

Given a running Home Assistant (scripts/develop, fresh config folder), the
simulator and a headless Chromium with a DevTools port, it:

1. onboards Home Assistant over its REST API (owner, core config, analytics,
   integration step), keeps the owner's tokens and confirms the HTTP settings
   Home Assistant took over from configuration.yaml;
2. has the simulator put an interval workout on today (for the screenshots
   and the runner; --today-as-is skips this), then adds AI Endurance through the
   OAuth2 config flow over REST, submitting the simulator's Authorize form and
   calling Home Assistant's callback, the way a person's browser would;
3. waits until the integration's entities have states, then saves a storage
   dashboard over the websocket API: an entities card of the sensors (and
   event entities), the workout runner's card (`browser_runner`), a calendar
   card and a picture-entity card of the image;
4. opens it in Chromium logged in (the tokens go into localStorage `hassTokens`
   before the first script runs), waits until the cards have rendered, checks
   that none shows an error, presses Start on the runner card and waits for
   a live step, saves screenshots, then presses Stop.

Every wait is bounded. Exit status 0 when everything renders, 1 otherwise.
Runs with the project's Python (scripts/in-env): aiohttp is all it needs.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from http import HTTPStatus
import itertools
import json
from pathlib import Path
import sys
import time
from typing import Any, cast
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import aiohttp
from browser_base import (
    HTTP_TIMEOUT,
    PAGE_HELPERS,
    WS_TIMEOUT,
    CheckError,
    log,
    pad,
    wait_until,
)
from browser_runner import Runner, RunnerCard, runner_card

DOMAIN = "ai_endurance"
DASHBOARD_PATH = "ai-endurance"
VIEW_PATH = "training"
OWNER = {"name": "Browser Check", "username": "check", "password": "check-password-1"}
VIEWPORT = {"width": 1400, "height": 1000}

# What a card shows when it cannot render: Home Assistant's English strings
# (hass_frontend translations, ui.card.common.entity_not_found and friends)
# and the elements the frontend uses for card and row errors.
ERROR_TEXTS = (
    "Entity not available",
    "Entity not found",
    "Configuration error",
    "Configuration warning",
    "Image not available",
    "Unable to load",
)
ENTITIES_CARDS = 2
"""Entities cards on the dashboard: today's workout, the workout runner."""
ERROR_TAGS = ("hui-error-card", "hui-warning", "hui-warning-element")


# --- Home Assistant over REST and websocket ---------------------------------


@dataclass
class HomeAssistant:
    """The REST and websocket calls the check makes, with the owner's token."""

    session: aiohttp.ClientSession
    base_url: str
    access_token: str = ""
    refresh_token: str = ""
    expires_in: int = 1800
    _ws: aiohttp.ClientWebSocketResponse | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def client_id(self) -> str:
        """The OAuth2 client id the frontend uses: the base URL with a slash."""
        return f"{self.base_url}/"

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    async def request(
        self,
        method: str,
        path: str,
        payload: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Call the REST API; any status but 200/201 is a CheckError."""
        async with self.session.request(
            method,
            f"{self.base_url}{path}",
            json=payload,
            headers={**self._headers(), **(headers or {})},
            timeout=HTTP_TIMEOUT,
        ) as resp:
            text = await resp.text()
            if resp.status not in {HTTPStatus.OK, HTTPStatus.CREATED}:
                msg = f"{method} {path}: HTTP {resp.status}: {text[:500]}"
                raise CheckError(msg)
            return json.loads(text) if text else None

    async def onboard(self) -> None:
        """Create the owner, log in, and finish the remaining onboarding steps."""
        async with self.session.post(
            f"{self.base_url}/api/onboarding/users",
            json={**OWNER, "client_id": self.client_id, "language": "en"},
            timeout=HTTP_TIMEOUT,
        ) as resp:
            if resp.status != HTTPStatus.OK:
                msg = f"onboarding (user): HTTP {resp.status}: {await resp.text()}"
                raise CheckError(msg)
            auth_code = (await resp.json())["auth_code"]
        async with self.session.post(
            f"{self.base_url}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": auth_code,
                "client_id": self.client_id,
            },
            timeout=HTTP_TIMEOUT,
        ) as resp:
            if resp.status != HTTPStatus.OK:
                msg = f"login: HTTP {resp.status}: {await resp.text()}"
                raise CheckError(msg)
            tokens = await resp.json()
        self.access_token = tokens["access_token"]
        self.refresh_token = tokens["refresh_token"]
        self.expires_in = int(tokens["expires_in"])
        await self.request("POST", "/api/onboarding/core_config", {})
        await self.request("POST", "/api/onboarding/analytics", {})
        await self.request(
            "POST",
            "/api/onboarding/integration",
            {
                "client_id": self.client_id,
                "redirect_uri": f"{self.base_url}/?auth_callback=1",
            },
        )
        steps = await self.request("GET", "/api/onboarding")
        if not all(step.get("done") for step in steps):
            msg = f"onboarding not complete: {steps}"
            raise CheckError(msg)
        await self.confirm_http_config()
        # The country is the one thing onboarding asks that the YAML lacks.
        with contextlib.suppress(CheckError):
            await self.ws("config/core/update", country="DE")

    async def wait_running(self, within: float) -> None:
        """Wait until Home Assistant has finished starting."""

        async def probe() -> bool | None:
            config = await self.request("GET", "/api/config")
            return True if config.get("state") == "RUNNING" else None

        await wait_until("Home Assistant to finish starting", probe, within)

    async def ignore_foreign_repairs(self) -> None:
        """Ignore repair issues of other integrations; log and keep our own.

        A fresh development instance has a few (deprecated YAML, the Core
        installation method); ignored, they leave the sidebar's badge out
        of the screenshots.
        """
        issues = (await self.ws("repairs/list_issues"))["issues"]
        for issue in issues:
            if issue["domain"] == DOMAIN:
                log(f"repair issue of {DOMAIN}: {issue['issue_id']}")
                continue
            if not issue.get("ignored"):
                await self.ws(
                    "repairs/ignore_issue",
                    domain=issue["domain"],
                    issue_id=issue["issue_id"],
                    ignore=True,
                )

    async def confirm_http_config(self) -> None:
        """Confirm the HTTP settings taken over from configuration.yaml.

        Since 2026.10 Home Assistant moves `http:` from YAML into storage on a
        config folder's first start as a trial ("pending") that it reverts,
        with a restart, unless confirmed within five minutes; the frontend
        asks in a dialog that would cover the dashboard.
        """
        with contextlib.suppress(CheckError):  # older releases: no such command
            config = await self.ws("http/config")
            if config.get("pending") and config.get("active_config_type") == "pending":
                await self.ws("http/config/promote")
                log("confirmed the HTTP settings from configuration.yaml")

    async def ws_connect(self) -> None:
        """Open the websocket API and authenticate."""
        ws_url = self.base_url.replace("http", "ws", 1) + "/api/websocket"
        self._ws = await self.session.ws_connect(ws_url, timeout=WS_TIMEOUT)
        await self._ws.receive_json(timeout=30)  # auth_required
        await self._ws.send_json({"type": "auth", "access_token": self.access_token})
        answer = await self._ws.receive_json(timeout=30)
        if answer.get("type") != "auth_ok":
            msg = f"websocket auth failed: {answer}"
            raise CheckError(msg)

    async def ws(self, command: str, **data: Any) -> Any:
        """Send one websocket command and return its result."""
        if self._ws is None:
            await self.ws_connect()
        ws = cast("aiohttp.ClientWebSocketResponse", self._ws)
        msg_id = next(self._ids)
        await ws.send_json({"id": msg_id, "type": command, **data})
        async with asyncio.timeout(30):
            while True:
                answer = await ws.receive_json()
                if answer.get("id") != msg_id or answer.get("type") != "result":
                    continue
                if not answer.get("success"):
                    msg = f"websocket {command}: {answer.get('error')}"
                    raise CheckError(msg)
                return answer.get("result")

    async def close(self) -> None:
        """Close the websocket."""
        if self._ws is not None:
            await self._ws.close()


# --- The OAuth2 config flow ---------------------------------------------------


class _FormParser(HTMLParser):
    """The first form of a page: action, method, fields and submit buttons."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.method = "get"
        self.fields: dict[str, str] = {}
        self.radios: dict[str, str] = {}
        self.submits: list[tuple[str | None, str | None, str]] = []
        self._in_form = False
        self._done = False
        self._select: str | None = None
        self._button: dict[str, str | None] | None = None
        self._button_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and not self._done:
            self._in_form = True
            self.action = a.get("action") or ""
            self.method = (a.get("method") or "get").lower()
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input":
            self._input(name, a)
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            if "selected" in a or self._select not in self.fields:
                self.fields[self._select] = a.get("value") or ""
        elif tag == "button":
            self._button = {"name": name, "value": a.get("value")}
            self._button_text = ""

    def _input(self, name: str | None, a: dict[str, str | None]) -> None:
        kind = (a.get("type") or "text").lower()
        value = a.get("value")
        if kind == "submit":
            self.submits.append((name, value, value or ""))
        elif not name:
            return
        elif kind == "radio":
            if "checked" in a or name not in self.radios:
                self.radios[name] = value or "on"
        elif kind != "checkbox" or "checked" in a:
            self.fields[name] = value or ("on" if kind == "checkbox" else "")

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "button" and self._button is not None:
            self.submits.append(
                (self._button["name"], self._button["value"], self._button_text)
            )
            self._button = None
        elif tag == "form" and self._in_form:
            self._in_form = False
            self._done = True


async def authorize_at_simulator(
    session: aiohttp.ClientSession, authorize_url: str
) -> str:
    """Open the simulator's authorize page, press Authorize, return the redirect."""
    async with session.get(authorize_url, timeout=HTTP_TIMEOUT) as resp:
        if resp.status != HTTPStatus.OK:
            msg = f"authorize page: HTTP {resp.status}: {await resp.text()}"
            raise CheckError(msg)
        page = await resp.text()
        page_url = str(resp.url)
    form = _FormParser()
    form.feed(page)
    if form.action is None:
        msg = f"no form on the authorize page {page_url}"
        raise CheckError(msg)
    data = {**form.fields, **form.radios}
    button = next(
        (s for s in form.submits if "authori" in (s[2] or s[1] or "").lower()),
        None,
    )
    if button is None:
        msg = f"no Authorize button on {page_url}: {form.submits}"
        raise CheckError(msg)
    if button[0]:
        data[button[0]] = button[1] or ""
    target = urljoin(page_url, form.action or page_url)
    async with session.request(
        form.method.upper(),
        target,
        data=data,
        allow_redirects=False,
        timeout=HTTP_TIMEOUT,
    ) as resp:
        location = resp.headers.get("Location")
        if not HTTPStatus(resp.status).is_redirection or not location:
            msg = f"Authorize did not redirect: HTTP {resp.status}: {await resp.text()}"
            raise CheckError(msg)
    return urljoin(target, location)


async def workout_day_today(
    ha: HomeAssistant, simulator_url: str, athlete: str = "1"
) -> None:
    """Have the simulator put an interval workout on today.

    The README's screenshots then show a workout's picture and targets
    rather than, on some days, a rest day, and the runner has steps to
    play. "Today" is Home Assistant's; the simulator picks the workout
    (`POST /_sim/plan` `interval_on`, as its `--today interval` does).
    """
    zone = ZoneInfo((await ha.request("GET", "/api/config"))["time_zone"])
    today = datetime.now(zone).date()
    async with ha.session.post(
        f"{simulator_url}/_sim/plan",
        json={"athlete": athlete, "interval_on": today.isoformat()},
        timeout=HTTP_TIMEOUT,
    ) as resp:
        answer = await resp.json()
        if resp.status != HTTPStatus.OK:
            msg = f"an interval workout for today: HTTP {resp.status}: {answer}"
            raise CheckError(msg)
    if answer["shift_days"]:
        log(f"simulator plan shifted by {answer['shift_days']} days for {today}")


async def add_integration(ha: HomeAssistant) -> str:
    """Run the OAuth2 config flow like the UI does; return the entry id."""
    result = await ha.request(
        "POST",
        "/api/config/config_entries/flow",
        {"handler": DOMAIN, "show_advanced_options": False},
        headers={"HA-Frontend-Base": ha.base_url},
    )
    for _ in range(10):
        kind = result.get("type")
        flow_id = result.get("flow_id")
        if kind == "create_entry":
            entry_id = str(result["result"]["entry_id"])
            log(f"config entry created: {result.get('title')!r} ({entry_id})")
            return entry_id
        if kind == "abort":
            msg = f"config flow aborted: {result.get('reason')}"
            raise CheckError(msg)
        if kind == "external":
            log(f"authorizing at {result['url'].split('?')[0]}")
            callback = await authorize_at_simulator(ha.session, result["url"])
            if not callback.startswith(f"{ha.base_url}/auth/external/callback"):
                msg = f"the simulator redirected to {callback}, not to Home Assistant"
                raise CheckError(msg)
            async with ha.session.get(callback, timeout=HTTP_TIMEOUT) as resp:
                if resp.status != HTTPStatus.OK:
                    msg = f"OAuth2 callback: HTTP {resp.status}: {await resp.text()}"
                    raise CheckError(msg)
            result = await ha.request(
                "POST", f"/api/config/config_entries/flow/{flow_id}", {}
            )
        elif kind == "form" and result.get("step_id") == "pick_implementation":
            schema = result.get("data_schema") or [{}]
            options = schema[0].get("options") or [[DOMAIN]]
            choice = options[0][0] if isinstance(options[0], list) else options[0]
            result = await ha.request(
                "POST",
                f"/api/config/config_entries/flow/{flow_id}",
                {"implementation": choice},
            )
        elif kind in {"external_done", "progress_done"}:
            result = await ha.request(
                "POST", f"/api/config/config_entries/flow/{flow_id}", {}
            )
        else:
            msg = f"unexpected config flow step: {result}"
            raise CheckError(msg)
    msg = "the config flow did not finish in 10 steps"
    raise CheckError(msg)


@dataclass
class Entities:
    """The integration's enabled entities, by what the dashboard shows."""

    sensors: list[str]
    events: list[str]
    calendars: list[str]
    images: list[str]
    runner: Runner

    @property
    def all(self) -> list[str]:
        """Every entity id."""
        return [*self.sensors, *self.events, *self.calendars, *self.images]


async def integration_entities(ha: HomeAssistant, within: float) -> Entities:
    """Wait until the integration's enabled entities exist and have states."""

    async def probe() -> Entities | None:
        registry = await ha.ws("config/entity_registry/list")
        mine = [
            e["entity_id"]
            for e in registry
            if e.get("platform") == DOMAIN and not e.get("disabled_by")
        ]
        by_domain: dict[str, list[str]] = {}
        for entity_id in mine:
            by_domain.setdefault(entity_id.split(".", 1)[0], []).append(entity_id)
        if not by_domain.get("calendar") or not by_domain.get("image"):
            return None
        states = {s["entity_id"]: s for s in await ha.request("GET", "/api/states")}
        if any(entity_id not in states for entity_id in mine):
            return None
        runner = Runner.find(registry, DOMAIN)
        if runner is None or runner.missing:
            missing = runner.missing if runner else ["workout_step"]
            msg = f"the workout runner's entities are missing: {', '.join(missing)}"
            raise CheckError(msg)
        return Entities(
            sensors=[e for e in by_domain.get("sensor", []) if e not in runner.all],
            events=[e for e in by_domain.get("event", []) if e not in runner.all],
            calendars=by_domain["calendar"],
            images=by_domain["image"],
            runner=runner,
        )

    entities = await wait_until(
        "the integration's sensor, calendar and image entities", probe, within
    )
    states = {s["entity_id"]: s for s in await ha.request("GET", "/api/states")}
    unavailable = [e for e in entities.all if states[e]["state"] == "unavailable"]
    if unavailable:
        msg = f"entities unavailable: {', '.join(unavailable)}"
        raise CheckError(msg)
    for entity_id in [*entities.all, *entities.runner.all]:
        log(f"  {entity_id} = {states[entity_id]['state']}")
    return entities


def dashboard_config(entities: Entities | None) -> dict[str, Any]:
    """Build the dashboard: entities, picture-entity and calendar cards."""
    cards: list[dict[str, Any]] = []
    if entities is None:
        cards.append(
            {"type": "markdown", "content": "Harness check: no integration added."}
        )
    else:
        cards.append(
            {
                "type": "entities",
                "title": "Today's workout",
                "entities": [*entities.sensors, *entities.events],
            }
        )
        cards.append(runner_card(entities.runner))
        cards.extend(
            {
                "type": "picture-entity",
                "entity": image,
                "show_name": False,  # the picture has its own title
                "show_state": False,
            }
            for image in entities.images
        )
        cards.append(
            {
                "type": "calendar",
                "title": "Training plan",
                "initial_view": "listWeek",
                "entities": entities.calendars,
            }
        )
    return {
        "title": "AI Endurance",
        "views": [{"title": "Training", "path": VIEW_PATH, "cards": cards}],
    }


async def save_dashboard(ha: HomeAssistant, config: dict[str, Any]) -> None:
    """Create the storage dashboard (once) and save its configuration."""
    dashboards = await ha.ws("lovelace/dashboards/list")
    if not any(d.get("url_path") == DASHBOARD_PATH for d in dashboards):
        await ha.ws(
            "lovelace/dashboards/create",
            url_path=DASHBOARD_PATH,
            title="AI Endurance",
            icon="mdi:run",
            show_in_sidebar=True,
            require_admin=False,
        )
    await ha.ws("lovelace/config/save", url_path=DASHBOARD_PATH, config=config)


# --- Chromium over the DevTools protocol --------------------------------------


@dataclass
class Browser:
    """One Chromium page driven over the DevTools protocol."""

    session: aiohttp.ClientSession
    ws: aiohttp.ClientWebSocketResponse
    problems: list[str] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _pending: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)
    _reader: asyncio.Task[None] | None = None

    @classmethod
    async def connect(
        cls, session: aiohttp.ClientSession, cdp_port: int, within: float
    ) -> Browser:
        """Attach to the first page target of the Chromium on cdp_port."""
        base = f"http://127.0.0.1:{cdp_port}"

        async def page_target() -> str | None:
            async with session.get(f"{base}/json/list", timeout=HTTP_TIMEOUT) as resp:
                targets = await resp.json()
            for target in targets:
                if target.get("type") == "page":
                    return str(target["webSocketDebuggerUrl"])
            async with session.put(
                f"{base}/json/new?about:blank", timeout=HTTP_TIMEOUT
            ):
                return None

        ws_url = await wait_until("Chromium's DevTools endpoint", page_target, within)
        ws = await session.ws_connect(ws_url, max_msg_size=0, timeout=WS_TIMEOUT)
        browser = cls(session=session, ws=ws)
        browser._reader = asyncio.create_task(browser._read())
        await browser.send("Page.enable")
        await browser.send("Runtime.enable")
        await browser.send("Log.enable")
        await browser.send(
            "Emulation.setDeviceMetricsOverride",
            {**VIEWPORT, "deviceScaleFactor": 1, "mobile": False},
        )
        return browser

    async def _read(self) -> None:
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            if "id" in data and (future := self._pending.pop(data["id"], None)):
                if not future.done():
                    future.set_result(data)
            elif data.get("method") == "Runtime.exceptionThrown":
                details = data["params"]["exceptionDetails"]
                exception = details.get("exception", {})
                text = exception.get("description") or json.dumps(
                    exception.get("preview") or exception.get("value") or details
                )
                self.problems.append(f"page exception: {text[:300]}")
            elif data.get("method") == "Log.entryAdded":
                entry = data["params"]["entry"]
                if entry.get("level") == "error":
                    self.problems.append(
                        f"console: {entry.get('text', '')[:300]} {entry.get('url', '')}"
                    )

    async def send(
        self, method: str, params: dict[str, Any] | None = None, within: float = 30
    ) -> dict[str, Any]:
        """Send a DevTools command and return its result."""
        msg_id = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = (
            asyncio.get_running_loop().create_future()
        )
        self._pending[msg_id] = future
        await self.ws.send_json(
            {"id": msg_id, "method": method, "params": params or {}}
        )
        async with asyncio.timeout(within):
            answer = await future
        if "error" in answer:
            msg = f"DevTools {method}: {answer['error']}"
            raise CheckError(msg)
        return cast("dict[str, Any]", answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its JSON value."""
        result = await self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            msg = f"page script failed: {result['exceptionDetails'].get('text')}"
            raise CheckError(msg)
        return result.get("result", {}).get("value")

    async def screenshot(
        self, path: Path, clip: dict[str, float] | None = None
    ) -> None:
        """Save a PNG of the viewport, or of the clip rectangle."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": False}
        if clip:
            params["clip"] = {**clip, "scale": 1}
        result = await self.send("Page.captureScreenshot", params, within=60)
        await asyncio.to_thread(_write, path, base64.b64decode(result["data"]))
        log(f"saved {path}")

    async def close(self) -> None:
        """Detach from the page."""
        await self.ws.close()
        if self._reader:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader


def hass_tokens_script(ha: HomeAssistant) -> str:
    """JavaScript storing the owner's tokens where the frontend looks first."""
    tokens = {
        "access_token": ha.access_token,
        "refresh_token": ha.refresh_token,
        "token_type": "Bearer",
        "expires_in": ha.expires_in,
        "expires": int(time.time() * 1000) + ha.expires_in * 1000,
        "hassUrl": ha.base_url,
        "clientId": ha.client_id,
    }
    return (
        f"if (location.origin === {json.dumps(ha.base_url)}) {{"
        f" localStorage.setItem('hassTokens', {json.dumps(json.dumps(tokens))});"
        " localStorage.setItem('selectedLanguage', '\"en\"'); }"
    )


# Walks every shadow root under <home-assistant> and reports what the
# dashboard's cards show. Returned as JSON.
INSPECT_DASHBOARD = (
    "(() => {\n"
    + PAGE_HELPERS
    + r"""  const cards = {};
  for (const name of ['hui-entities-card', 'hui-calendar-card',
                      'hui-picture-entity-card', 'hui-markdown-card']) {
    cards[name] = tags(name).map((el) => ({rect: rect(el), text: deepText(el)}));
  }
  const images = tags('hui-picture-entity-card').map((card) => {
    const imgs = [];
    const find = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName === 'img') imgs.push(el);
        if (el.shadowRoot) find(el.shadowRoot);
      }
    };
    find(card.shadowRoot || card);
    return imgs.map((img) => ({complete: img.complete,
                               width: img.naturalWidth, height: img.naturalHeight}));
  });
  const calendarEvents = tags('hui-calendar-card').map((card) => {
    let n = 0;
    const find = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.classList && el.classList.contains('fc-event')) n += 1;
        if (el.shadowRoot) find(el.shadowRoot);
      }
    };
    find(card.shadowRoot || card);
    return n;
  });
  const errorTags = all.filter((el) => ERROR_TAGS.includes(el.localName))
                       .map((el) => el.localName + ': ' + deepText(el).slice(0, 200));
  const ha = document.querySelector('home-assistant');
  const pageText = ha ? deepText(ha) : deepText(document.body);
  const errorTexts = ERROR_TEXTS.filter((t) => pageText.includes(t));
  return {
    path: location.pathname,
    loggedIn: !!(ha && ha.hass && ha.hass.user),
    cards, images, calendarEvents, errorTags, errorTexts,
    spinner: tags('ha-spinner').length + tags('ha-circular-progress').length,
  };
})()
"""
)


def inspect_script() -> str:
    """INSPECT_DASHBOARD with the error markers filled in."""
    return INSPECT_DASHBOARD.replace(
        "ERROR_TAGS.includes", f"{json.dumps(ERROR_TAGS)}.includes"
    ).replace("ERROR_TEXTS.filter", f"{json.dumps(ERROR_TEXTS)}.filter")


def rendered(state: dict[str, Any], entities: Entities | None) -> bool:
    """Whether every card has rendered its content (images loaded, events drawn)."""
    cards = state["cards"]
    if entities is None:
        return bool(cards["hui-markdown-card"])
    if len(cards["hui-entities-card"]) != ENTITIES_CARDS:
        return False
    if len(cards["hui-picture-entity-card"]) != len(entities.images):
        return False
    if len(cards["hui-calendar-card"]) != 1:
        return False
    images_ok = all(
        imgs and all(i["complete"] and i["width"] > 0 for i in imgs)
        for imgs in state["images"]
    )
    return images_ok and all(n > 0 for n in state["calendarEvents"])


async def check_dashboard(
    ha: HomeAssistant,
    browser: Browser,
    entities: Entities | None,
    screenshots: Path,
    within: float,
) -> None:
    """Open the dashboard logged in, wait for the cards, check, screenshot."""
    await browser.send(
        "Page.addScriptToEvaluateOnNewDocument", {"source": hass_tokens_script(ha)}
    )
    url = f"{ha.base_url}/{DASHBOARD_PATH}/{VIEW_PATH}"
    log(f"opening {url}")
    await browser.send("Page.navigate", {"url": url})
    state = await _wait_for_cards(browser, entities, screenshots, within)
    if state["errorTags"] or state["errorTexts"]:
        await asyncio.sleep(2)  # let a transient placeholder settle, then recheck
        state = await _check_no_errors(browser, screenshots)
    if not state["loggedIn"]:
        msg = "the frontend did not log in"
        raise CheckError(msg)
    log(
        "cards rendered: "
        + ", ".join(f"{k} x{len(v)}" for k, v in state["cards"].items() if v)
        + f"; calendar events drawn: {state['calendarEvents']}"
        + f"; images: {state['images']}"
    )
    runner = None
    if entities is not None:
        # Start a run from the card: the screenshots show a live step.
        runner = RunnerCard(ha, browser, entities.runner, ERROR_TAGS)
        await runner.start(within)
        state = await _check_no_errors(browser, screenshots)
    await asyncio.sleep(1.5)  # animations (ripples, fades) end
    await browser.screenshot(screenshots / "dashboard.png")
    for card in state["cards"]["hui-calendar-card"][:1]:
        await browser.screenshot(screenshots / "calendar.png", pad(card["rect"]))
    for card in state["cards"]["hui-picture-entity-card"][:1]:
        await browser.screenshot(screenshots / "workout-image.png", pad(card["rect"]))
    if runner is not None:
        await runner.screenshot(screenshots / "runner.png")
        await runner.stop(within)
    if browser.problems:
        log("browser console (for information):")
        for problem in browser.problems[:20]:
            log(f"  {problem}")


async def _check_no_errors(browser: Browser, screenshots: Path) -> dict[str, Any]:
    """Inspect the page; a card that shows an error fails the check."""
    state: dict[str, Any] = await browser.evaluate(inspect_script())
    if state["errorTags"] or state["errorTexts"]:
        await browser.screenshot(screenshots / "failed.png")
        msg = f"a card shows an error: {state['errorTags'] or state['errorTexts']}"
        raise CheckError(msg)
    return state


async def _wait_for_cards(
    browser: Browser, entities: Entities | None, screenshots: Path, within: float
) -> dict[str, Any]:
    """Poll the page until the cards have rendered or one shows an error."""
    last: dict[str, Any] = {}

    async def probe() -> dict[str, Any] | None:
        nonlocal last
        state = await browser.evaluate(inspect_script())
        if not isinstance(state, dict):
            return None
        last = state
        if state["errorTags"] or state["errorTexts"]:
            return state  # the caller decides
        return state if rendered(state, entities) else None

    try:
        return await wait_until("the dashboard's cards", probe, within, 1.0)
    except CheckError:
        if last:
            await browser.screenshot(screenshots / "failed.png")
            log(f"page state: {json.dumps(last)[:2000]}")
        raise


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# --- Main ---------------------------------------------------------------------


async def run(args: argparse.Namespace) -> None:
    """Every step, in order."""
    started = time.monotonic()
    async with aiohttp.ClientSession() as session:
        ha = HomeAssistant(session=session, base_url=args.ha_url.rstrip("/"))

        async def ha_up() -> bool | None:
            async with session.get(
                f"{ha.base_url}/api/onboarding", timeout=HTTP_TIMEOUT
            ) as resp:
                return True if resp.status == HTTPStatus.OK else None

        await wait_until("Home Assistant to start", ha_up, args.start_timeout)
        log(f"Home Assistant is up ({time.monotonic() - started:.0f} s)")
        await ha.onboard()
        log("onboarded; owner logged in")
        try:
            entities: Entities | None = None
            if not args.harness_only:

                async def sim_up() -> bool | None:
                    async with session.get(args.simulator_url, timeout=HTTP_TIMEOUT):
                        return True

                await wait_until("the simulator", sim_up, args.start_timeout)
                if not args.today_as_is:
                    await workout_day_today(ha, args.simulator_url)
                await add_integration(ha)
                entities = await integration_entities(ha, args.entity_timeout)
            await save_dashboard(ha, dashboard_config(entities))
            log(f"dashboard /{DASHBOARD_PATH} saved")
            await ha.wait_running(args.start_timeout)
            await ha.ignore_foreign_repairs()
            browser = await Browser.connect(session, args.cdp_port, 30)
            try:
                await check_dashboard(
                    ha, browser, entities, Path(args.screenshots), args.render_timeout
                )
            finally:
                await browser.close()
        finally:
            await ha.close()
    log(f"passed in {time.monotonic() - started:.0f} s")


def main() -> int:
    """Parse arguments and run; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ha-url", required=True)
    parser.add_argument("--simulator-url", required=True)
    parser.add_argument("--cdp-port", type=int, required=True)
    parser.add_argument("--screenshots", default="docs/screenshots")
    parser.add_argument("--start-timeout", type=float, default=600)
    parser.add_argument("--entity-timeout", type=float, default=120)
    parser.add_argument("--render-timeout", type=float, default=90)
    parser.add_argument(
        "--today-as-is",
        action="store_true",
        help="leave the simulator's plan alone (by default an interval workout"
        " is moved to today, for the screenshots)",
    )
    parser.add_argument(
        "--harness-only",
        action="store_true",
        help="skip the integration: onboarding, login and an empty dashboard only",
    )
    args = parser.parse_args()
    try:
        asyncio.run(run(args))
    except CheckError as err:
        log(f"FAILED: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
