# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""A local AI Endurance: OAuth2, the Partner API, and faults on demand.

Start it with `python -m simulator --port 8765`; in tests use
`simulator.testing.SimulatorServer`. The integration never imports it.
"""

from .accounts import (
    ATHLETES,
    DEV_CLIENT_ID,
    DEV_CLIENT_SECRET,
    MY_HOME_ASSISTANT_REDIRECT_URI,
)
from .app import create_app
from .faults import FaultName
from .state import SimulatorState

__all__ = [
    "ATHLETES",
    "DEV_CLIENT_ID",
    "DEV_CLIENT_SECRET",
    "MY_HOME_ASSISTANT_REDIRECT_URI",
    "FaultName",
    "SimulatorState",
    "create_app",
]
