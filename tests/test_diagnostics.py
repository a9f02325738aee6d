# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Diagnostics: counts and the answer's shape; no secret and no value of the plan."""

from collections.abc import Iterator
import json
import re
from typing import Any

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
    TODAY,
    SetupIntegration,
)

GENERIC_MAX = 10
"""Whole numbers up to this are not searched for: the sample plan's repeats
(2, 3, 6), ``duration_add_endurance`` 0 and ``user`` 1 are indistinguishable
from the counts and versions every diagnostics file holds (``version: 1``)."""


def _leaves(value: Any) -> Iterator[Any]:
    """Every leaf value of a JSON document (not the keys)."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _appears(value: Any, text: str) -> bool:
    """Whether a leaf value of the plan shows in the dumped diagnostics."""
    if isinstance(value, str):
        return value in text
    token = re.escape(json.dumps(value))
    return re.search(rf"(?<![\w.]){token}(?![\w.])", text) is not None


@pytest.mark.usefixtures("mock_workouts")
async def test_diagnostics(
    hass: HomeAssistant,
    setup_integration: SetupIntegration,
    hass_client: ClientSessionGenerator,  # after the clock is set: its token is valid
    snapshot: SnapshotAssertion,
    plan_json: list[dict[str, Any]],
) -> None:
    """The diagnostics match the snapshot; no secret, no value of the plan."""
    entry = await setup_integration()

    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, entry)

    assert diagnostics == snapshot
    # Home Assistant's clock, not the plan's (the sample plan is built around today).
    coordinator = diagnostics["coordinator"]
    assert coordinator.pop("today") == TODAY.isoformat()
    assert coordinator.pop("last_synced").startswith(TODAY.isoformat())
    text = json.dumps(diagnostics)
    for secret in (ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_ID, CLIENT_SECRET):
        assert secret not in text
    values = [
        value
        for value in _leaves(plan_json)
        if value is not None
        and not isinstance(value, bool)
        and not (isinstance(value, int) and value <= GENERIC_MAX)
    ]
    assert len(values) > 50  # the walk found the plan's values
    leaked = sorted({str(value) for value in values if _appears(value, text)})
    assert leaked == []
    # The structure is there: the keys of the workouts and of their steps.
    shape = json.dumps(diagnostics["last_response_shape"])
    for key in ("date", "title", "steps", "act_type", "target_on_high"):
        assert f'"{key}"' in shape


def test_leak_check_finds_a_value() -> None:
    """The check above can fail: a title, a date and a target are found."""
    text = json.dumps({"a": "Tempo Run", "b": ["2026-11-25"], "c": 3.665625})
    assert _appears("Tempo Run", text)
    assert _appears("2026-11-25", text)
    assert _appears(3.665625, text)
    assert not _appears(3.66, text)
    assert not _appears(250, json.dumps({"port": 2501}))
