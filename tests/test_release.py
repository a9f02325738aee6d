# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Release facts that neither hassfest nor the HACS action checks.

Those two run in .github/workflows/validate.yml (manifest, hacs.json,
services.yaml, the shape of strings.json and icons.json, brand presence).
What stays here is this repository's own: the requirements the tests
install, the oldest Home Assistant hacs.json claims against the one the
oldest suite runs, the brand images' sizes, and quality_scale.yaml, which
hassfest validates for core integrations only. The texts are checked in
tests/test_translations.py.
"""

from __future__ import annotations

from pathlib import Path
import re
import struct
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant import loader
from homeassistant.const import __version__ as ha_version
from homeassistant.util.yaml import load_yaml_dict
import pytest

from .translation_scan import COMPONENT, ROOT, descriptions, load_json, platform_modules

HA_COMPONENTS = Path(loader.__file__).parent / "components"


PINNED_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]+\])?==[^=\s,;]+$")


# Python 3.14 and brand images inside the integration start with 2026.3.
OLDEST_POSSIBLE_HA = AwesomeVersion("2026.3.0")


# --- hassfest: script/hassfest/quality_scale.py (ALL_RULES) -------------------

QUALITY_SCALE_RULES = {
    "bronze": (
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow",
        "config-flow-test-coverage",
        "dependency-transparency",
        "docs-actions",
        "docs-conditions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "docs-triggers",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ),
    "silver": (
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ),
    "gold": (
        "devices",
        "diagnostics",
        "discovery",
        "discovery-update-info",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ),
    "platinum": ("async-dependency", "inject-websession", "strict-typing"),
}


ALL_RULES = frozenset(rule for rules in QUALITY_SCALE_RULES.values() for rule in rules)


def manifest() -> dict[str, Any]:
    """The integration's manifest.json."""
    data: dict[str, Any] = load_json(COMPONENT / "manifest.json")
    return data


def hacs_json() -> dict[str, Any]:
    """The repository's hacs.json."""
    data: dict[str, Any] = load_json(ROOT / "hacs.json")
    return data


# --- requirements and the oldest Home Assistant -------------------------------


def test_manifest_requirements_pinned_and_tested() -> None:
    requirements = manifest().get("requirements", [])
    unpinned = [r for r in requirements if not PINNED_REQUIREMENT.match(r)]
    assert not unpinned, f"requirements must be pinned with ==: {unpinned}"
    for test_requirements in ("requirements_test.txt", "requirements_test_oldest.txt"):
        lines = {
            line.split("#", 1)[0].strip().lower()
            for line in (ROOT / test_requirements).read_text().splitlines()
        }
        missing = [r for r in requirements if r.lower() not in lines]
        assert not missing, f"{test_requirements} does not install {missing}"


def test_hacs_minimum_home_assistant() -> None:
    claimed = AwesomeVersion(hacs_json()["homeassistant"])
    assert claimed.strategy is AwesomeVersionStrategy.CALVER
    assert claimed >= OLDEST_POSSIBLE_HA, "2026.3 is needed: Python 3.14, brand/"
    assert AwesomeVersion(ha_version) >= claimed


def _pinned(path: Path, package: str) -> str:
    """The version requirements file `path` pins `package` to."""
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, version = line.split("#", 1)[0].strip().partition("==")
        if name.strip().lower().replace("_", "-") == package:
            return version.strip()
    pytest.fail(f"{path.name} pins no {package}")


def _dist_version(site_packages: Path, distribution: str) -> str | None:
    """The version of an installed distribution, from its .dist-info folder."""
    prefix = distribution.replace("-", "_") + "-"
    for info in site_packages.glob("*.dist-info"):
        if info.name.lower().startswith(prefix.lower()):
            return info.name[len(prefix) : -len(".dist-info")]
    return None


def test_hacs_homeassistant_is_what_the_oldest_suite_tests() -> None:
    """hacs.json's minimum is the Home Assistant requirements_test_oldest.txt gets.

    That file pins pytest-homeassistant-custom-component, which pins one Home
    Assistant release; scripts/setup --ha oldest installs it in .venv-oldest.
    """
    claimed = hacs_json()["homeassistant"]
    harness = _pinned(
        ROOT / "requirements_test_oldest.txt", "pytest-homeassistant-custom-component"
    )
    if AwesomeVersion(ha_version) == AwesomeVersion(claimed):
        return  # running the oldest suite itself
    venvs = sorted((ROOT / ".venv-oldest" / "lib").glob("python*/site-packages"))
    if not venvs:
        pytest.skip("no .venv-oldest: run scripts/setup --ha oldest to compare")
    site_packages = venvs[0]
    installed_harness = _dist_version(
        site_packages, "pytest_homeassistant_custom_component"
    )
    if installed_harness != harness:
        pytest.skip(
            f".venv-oldest has harness {installed_harness}, the file pins {harness}:"
            " run scripts/setup --ha oldest"
        )
    installed_ha = _dist_version(site_packages, "homeassistant")
    assert installed_ha == claimed, (
        f"requirements_test_oldest.txt tests Home Assistant {installed_ha},"
        f" hacs.json claims {claimed}"
    )


# --- brand images ---------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize(
    ("name", "size"),
    [("icon.png", (256, 256)), ("icon@2x.png", (512, 512))],
)
def test_brand_icon(name: str, size: tuple[int, int]) -> None:
    path = COMPONENT / "brand" / name
    assert png_size(path) == size
    dark = path.with_name(f"dark_{name}")
    if dark.is_file():
        assert png_size(dark) == size


# --- quality_scale.yaml -------------------------------------------------------


def quality_scale() -> dict[str, Any]:
    """quality_scale.yaml's rules."""
    data = load_yaml_dict(COMPONENT / "quality_scale.yaml")
    rules: dict[str, Any] = data["rules"]
    return rules


def rule_status(rules: dict[str, Any], rule: str) -> str:
    """done, exempt or todo."""
    value = rules[rule]
    return str(value if isinstance(value, str) else value["status"])


def test_quality_scale_lists_every_rule() -> None:
    rules = quality_scale()
    assert sorted(ALL_RULES - set(rules)) == [], "rules missing"
    assert sorted(set(rules) - ALL_RULES) == [], "unknown rules"


def test_quality_scale_rules_are_current() -> None:
    """Every rule Home Assistant's own integrations list is one we list."""
    seen: set[str] = set()
    for path in HA_COMPONENTS.glob("*/quality_scale.yaml"):
        seen |= set(load_yaml_dict(path)["rules"])
    assert seen <= ALL_RULES, f"new quality-scale rules: {sorted(seen - ALL_RULES)}"


def test_quality_scale_statuses() -> None:
    problems: list[str] = []
    for rule, value in quality_scale().items():
        if value == "done":
            continue
        if not isinstance(value, dict):
            problems.append(f"{rule}: {value!r} is not done or a status mapping")
            continue
        if value.get("status") not in {"done", "exempt", "todo"}:
            problems.append(f"{rule}: status {value.get('status')!r}")
        if (
            value.get("status") in {"exempt", "todo"}
            and not str(value.get("comment", "")).strip()
        ):
            problems.append(f"{rule}: {value['status']} needs a comment")
        if set(value) - {"status", "comment"}:
            problems.append(
                f"{rule}: unknown keys {set(value) - {'status', 'comment'}}"
            )
    assert not problems, problems


def test_quality_scale_parallel_updates_done_means_set() -> None:
    """parallel-updates done: every platform module sets PARALLEL_UPDATES."""
    assert rule_status(quality_scale(), "parallel-updates") == "done"
    unset = [
        platform
        for platform, module in platform_modules()
        if not isinstance(vars(module).get("PARALLEL_UPDATES"), int)
    ]
    assert not unset, f"PARALLEL_UPDATES missing in {unset}"


def test_quality_scale_entity_translations_done_means_translated() -> None:
    """entity-translations done: every entity has a translation key."""
    if rule_status(quality_scale(), "entity-translations") != "done":
        pytest.skip("entity-translations is not claimed")
    nameless = [
        f"{platform}.{description.key}"
        for platform, module in platform_modules()
        for value in vars(module).values()
        for description in descriptions(value)
        if description.translation_key is None
    ]
    assert not nameless, nameless
