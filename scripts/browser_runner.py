# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: INP001  (a script's module, not a package)
"""The browser check's workout runner part: its card, a run started from it.

The dashboard gets the card the README shows (step, repeat, zone, target,
countdowns, the buttons). With the cards rendered, the check presses Start
on the card, the way a person clicks it, waits until the step sensor leaves
idle and the card shows the step, and after the screenshots presses Stop.
"""

from __future__ import annotations

from dataclasses import dataclass
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from browser_base import PAGE_HELPERS, CheckError, log, pad, wait_until

if TYPE_CHECKING:
    from browser_check import Browser, HomeAssistant

TITLE = "Workout runner"
SENSORS = {
    "workout_step": "Step",
    "workout_zone": "Zone",
    "current_target": "Target",
    "step_ends": "Step ends",
    "workout_ends": "Workout ends",
}
"""The sensors on the card, by key, and their names there."""
OTHER_SENSORS = ("current_target_low", "current_target_high")
BUTTONS = {
    "start_workout": "Start",
    "pause_workout": "Pause",
    "resume_workout": "Resume",
    "stop_workout": "Stop",
}
"""Button keys and their names on the card."""
EVENT = "workout_run"
NOT_RUNNING = ("idle", "finished", "unknown", "unavailable")
"""States of the step sensor without a live step."""


@dataclass(frozen=True, slots=True)
class Runner:
    """The workout runner's entities of the first account, by key."""

    entity_ids: dict[str, str]

    @classmethod
    def find(cls, registry: list[dict[str, Any]], domain: str) -> Runner | None:
        """Pick the runner's entities from the entity registry's list.

        Unique ids are `<account>_<key>`; None until the step sensor exists.
        """
        wanted = {*SENSORS, *OTHER_SENSORS, *BUTTONS, EVENT}
        found: dict[str, str] = {}
        for entry in registry:
            key = str(entry.get("unique_id", "")).partition("_")[2]
            if entry.get("platform") == domain and key in wanted:
                found.setdefault(key, entry["entity_id"])
        return cls(found) if "workout_step" in found else None

    @property
    def missing(self) -> list[str]:
        """The keys of the card's entities not found."""
        return [key for key in (*SENSORS, *BUTTONS) if key not in self.entity_ids]

    @property
    def step(self) -> str:
        """The step sensor."""
        return self.entity_ids["workout_step"]

    @property
    def all(self) -> list[str]:
        """Every entity id of the runner."""
        return list(self.entity_ids.values())


def runner_card(runner: Runner) -> dict[str, Any]:
    """Return the README's runner card: an entities card with buttons."""
    ids = runner.entity_ids
    rows: list[dict[str, Any]] = [
        {"entity": ids[key], "name": name}
        | ({"format": "relative"} if key.endswith("_ends") else {})
        for key, name in SENSORS.items()
    ]
    rows.insert(
        1,
        {
            "type": "attribute",
            "entity": runner.step,
            "attribute": "repeat_text",
            "name": "Repeat",
        },
    )
    rows.append(
        {
            "type": "buttons",
            "entities": [
                {"entity": ids[key], "name": name, "tap_action": {"action": "toggle"}}
                for key, name in BUTTONS.items()
            ],
        }
    )
    return {"type": "entities", "title": TITLE, "entities": rows}


# Finds the runner card; reports its rectangle, its text, the text the
# frontend shows for the step sensor's state, and where its buttons are.
INSPECT_RUNNER = (
    "(() => {\n"
    + PAGE_HELPERS
    + r"""
  const card = tags('hui-entities-card').find((el) => deepText(el).startsWith(TITLE));
  if (!card) return null;
  const inCard = [];
  const find = (root) => {
    for (const el of root.querySelectorAll('*')) {
      inCard.push(el);
      if (el.shadowRoot) find(el.shadowRoot);
    }
  };
  find(card.shadowRoot || card);
  const buttons = {};
  for (const name of BUTTON_NAMES) {
    const matches = inCard.filter((el) => deepText(el) === name)
      .map((el) => rect(el)).filter((r) => r.width > 0 && r.height > 0)
      .sort((a, b) => a.width * a.height - b.width * b.height);
    if (matches.length) buttons[name] = matches[0];
  }
  const hass = document.querySelector('home-assistant').hass;
  const step = hass.states[STEP];
  return {
    rect: rect(card), text: deepText(card), buttons,
    state: step ? step.state : null,
    shown: step ? hass.formatEntityState(step) : null,
    errors: inCard.filter((el) => ERROR_TAGS.includes(el.localName)).length,
  };
})()
"""
)


def inspect_runner_script(runner: Runner, error_tags: tuple[str, ...]) -> str:
    """INSPECT_RUNNER with the title, the entity and the names filled in."""
    return (
        INSPECT_RUNNER.replace("(TITLE)", f"({json.dumps(TITLE)})")
        .replace("BUTTON_NAMES", json.dumps(list(BUTTONS.values())))
        .replace("[STEP]", f"[{json.dumps(runner.step)}]")
        .replace("ERROR_TAGS.includes", f"{json.dumps(error_tags)}.includes")
    )


class RunnerCard:
    """The runner card of the open dashboard."""

    def __init__(
        self,
        ha: HomeAssistant,
        browser: Browser,
        runner: Runner,
        error_tags: tuple[str, ...],
    ) -> None:
        """Drive the card of `runner` in `browser`'s page."""
        self.ha = ha
        self.browser = browser
        self.runner = runner
        self.script = inspect_runner_script(runner, error_tags)

    async def inspect(self) -> dict[str, Any]:
        """Return what the card shows now."""
        state = await self.browser.evaluate(self.script)
        if not isinstance(state, dict):
            msg = f"no {TITLE!r} card on the dashboard"
            raise CheckError(msg)
        if state["errors"]:
            msg = f"the runner card shows an error: {state['text'][:300]}"
            raise CheckError(msg)
        return state

    async def press(self, name: str) -> None:
        """Click a button of the card in its middle, as a mouse does."""
        button = (await self.inspect())["buttons"].get(name)
        if button is None:
            msg = f"no {name!r} button on the runner card"
            raise CheckError(msg)
        x = button["x"] + button["width"] / 2
        y = button["y"] + button["height"] / 2
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            await self.browser.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1},
            )
        log(f"pressed {name!r} on the runner card")

    async def step_state(self) -> str:
        """Return the step sensor's state, from the REST API."""
        state = await self.ha.request("GET", f"/api/states/{self.runner.step}")
        return str(state["state"])

    async def start(self, within: float) -> None:
        """Press Start; wait until a step runs and the card shows it."""
        if await self.step_state() not in NOT_RUNNING:
            msg = "a workout runs before Start was pressed"
            raise CheckError(msg)
        await self.press(BUTTONS["start_workout"])

        async def live() -> dict[str, Any] | None:
            if await self.step_state() in NOT_RUNNING:
                return None
            card = await self.inspect()  # what the frontend knows and shows
            if card["state"] in NOT_RUNNING or card["shown"] not in card["text"]:
                return None
            return card

        try:
            card = await wait_until("a live step on the runner card", live, within)
        except CheckError as err:
            msg = f"{err}; the step sensor is {await self.step_state()!r}"
            raise CheckError(msg) from err
        log(f"runner card: {card['text'][:200]}")

    async def screenshot(self, path: Path) -> None:
        """Save the card."""
        card = await self.inspect()
        if card["state"] in NOT_RUNNING:
            msg = f"the step sensor is {card['state']!r} at the screenshot"
            raise CheckError(msg)
        await self.browser.screenshot(path, pad(card["rect"]))

    async def stop(self, within: float) -> None:
        """Press Stop; wait until the step sensor shows no live step."""
        await self.press(BUTTONS["stop_workout"])

        async def stopped() -> str | None:
            state = await self.step_state()
            return state if state in NOT_RUNNING else None

        state = await wait_until("the run to stop", stopped, within)
        log(f"run stopped from the card: step {state!r}")
