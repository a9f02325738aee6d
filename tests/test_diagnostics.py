# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Diagnostics: entry and plan summary, with tokens and account ids redacted."""

import json

from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion

from .conftest import (
    ACCESS_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    SetupIntegration,
)


@pytest.mark.usefixtures("mock_workouts")
async def test_diagnostics(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    hass_client: ClientSessionGenerator,  # after the clock is set: its token is valid
    snapshot: SnapshotAssertion,
) -> None:
    """The diagnostics match the snapshot and leak no secret."""
    entry = await setup_integration()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics == snapshot
    text = json.dumps(diagnostics)
    for secret in (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET):
        assert secret not in text
    assert '"user": 1' not in text
