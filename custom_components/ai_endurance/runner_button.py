# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What the runner's buttons are: one per request, each asking the runner.

Kept apart from ``button.py`` (like ``runner_sensor.py`` from ``sensor.py``) so
the four descriptions come from one table instead of four copies.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final

from homeassistant.components.button import ButtonEntityDescription

from .runner import WorkoutRunner


@dataclass(frozen=True, kw_only=True)
class RunnerButtonEntityDescription(ButtonEntityDescription):
    """A runner button: what pressing it asks the runner."""

    press_fn: Callable[[WorkoutRunner], Awaitable[None]]


BUTTONS: Final = tuple(
    RunnerButtonEntityDescription(
        key=f"{action}_workout", translation_key=f"{action}_workout", press_fn=press
    )
    for action, press in (
        ("start", lambda runner: runner.async_start()),
        ("pause", lambda runner: runner.async_pause()),
        ("resume", lambda runner: runner.async_resume()),
        ("stop", lambda runner: runner.async_stop()),
    )
)
