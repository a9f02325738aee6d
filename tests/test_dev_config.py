# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The development configuration scripts/develop runs Home Assistant with.

Loaded with Home Assistant's own YAML loader (`!env_var`, `!include`) from a
copy next to an empty automations.yaml, as scripts/develop prepares it.

The OAuth2 redirect relies on the `my` integration not being loaded: with it,
Home Assistant sends the user to my.home-assistant.io instead of its own
/auth/external/callback, which the simulator's development client allows.
`default_config` would load it, so neither may appear, nor may anything the
configuration loads depend on `my`.
"""

import json
from pathlib import Path
import shutil
from typing import Any

from homeassistant import loader
from homeassistant.util.yaml import load_yaml_dict
import pytest

from custom_components.ai_endurance import CONFIG_SCHEMA
from custom_components.ai_endurance.const import CONF_DEV_BASE_URL, DOMAIN

ROOT = Path(__file__).resolve().parent.parent
CONFIGURATION = ROOT / "config" / "configuration.yaml"
HA_COMPONENTS = Path(loader.__file__).parent / "components"
ENV = {
    "AI_ENDURANCE_DEV_BASE_URL": "http://127.0.0.1:19999",
    "HA_PORT": "18999",
    "AI_ENDURANCE_FIT_DIR": "/tmp/fit-recordings",  # noqa: S108
}


def load(tmp_path: Path) -> dict[str, Any]:
    """Load configuration.yaml the way Home Assistant does."""
    shutil.copy(CONFIGURATION, tmp_path / "configuration.yaml")
    (tmp_path / "automations.yaml").write_text("[]\n", encoding="utf-8")
    return load_yaml_dict(tmp_path / "configuration.yaml")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The variables scripts/develop exports."""
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    return ENV


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """None of the variables set: the file's defaults apply."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def test_dev_override_from_the_environment(tmp_path: Path, env: dict[str, str]) -> None:
    config = load(tmp_path)
    assert config[DOMAIN] == {CONF_DEV_BASE_URL: env["AI_ENDURANCE_DEV_BASE_URL"]}
    validated = CONFIG_SCHEMA(config)
    assert validated[DOMAIN][CONF_DEV_BASE_URL] == env["AI_ENDURANCE_DEV_BASE_URL"]


def test_other_variables_from_the_environment(
    tmp_path: Path, env: dict[str, str]
) -> None:
    config = load(tmp_path)
    assert "http" not in config  # scripts/develop writes .storage/http
    assert config["homeassistant"]["media_dirs"]["local"] == env["AI_ENDURANCE_FIT_DIR"]


@pytest.mark.usefixtures("no_env")
def test_defaults_without_the_environment(tmp_path: Path) -> None:
    """Started by hand (no scripts/develop), it points at the default simulator."""
    config = load(tmp_path)
    assert config[DOMAIN][CONF_DEV_BASE_URL] == "http://127.0.0.1:8765"


@pytest.mark.usefixtures("env")
def test_no_my_and_no_default_config(tmp_path: Path) -> None:
    config = load(tmp_path)
    assert "my" not in config
    assert "default_config" not in config


def _dependencies(domain: str, seen: set[str]) -> set[str]:
    """domain and everything it depends on (manifest `dependencies`)."""
    if domain in seen:
        return seen
    seen.add(domain)
    manifest_path = HA_COMPONENTS / domain / "manifest.json"
    if not manifest_path.is_file():
        manifest_path = ROOT / "custom_components" / domain / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for dependency in manifest.get("dependencies", []):
        _dependencies(dependency, seen)
    return seen


@pytest.mark.usefixtures("env")
def test_nothing_loaded_pulls_in_my(tmp_path: Path) -> None:
    config = load(tmp_path)
    loaded: set[str] = set()
    for key in config:
        domain = key.split(" ", 1)[0]  # "automation manual" style keys
        if domain != "homeassistant":
            _dependencies(domain, loaded)
    assert "my" not in loaded, "a configured integration depends on my"
    assert "default_config" not in loaded
    # The onboarding and the frontend come with `frontend`, not with `my`.
    assert {"frontend", "onboarding", "application_credentials", DOMAIN} <= loaded
