# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Release readiness: what hassfest, HACS and the quality scale check, offline.

hassfest is not shipped with the `homeassistant` package, so its rules for a
custom integration are restated here from its source (`script/hassfest/`:
`manifest.py`, `translations.py`, `icons.py`, `services.py`,
`quality_scale.py`), and HACS's from `custom_components/hacs/utils/validate.py`
(`HACS_MANIFEST_JSON_SCHEMA`, `INTEGRATION_MANIFEST_JSON_SCHEMA`). Where the
installed Home Assistant can confirm a list (the manifest keys its loader
knows, the quality-scale rules its own integrations list), a test does.

The translation checks collect what the code uses: entity translation keys
from the platforms' entity descriptions and classes (imported), enum options
and event types, and every `translation_key=` in the source (parsed): the
exceptions raised, repair issues, config-flow steps and abort reasons. A
string missing in any language fails.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
import importlib
import json
from pathlib import Path
import re
import string
import struct
from types import ModuleType
from typing import Any

from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from homeassistant import loader
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import Platform, __version__ as ha_version
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.util.yaml import load_yaml_dict
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "ai_endurance"
COMPONENT = ROOT / "custom_components" / DOMAIN
PACKAGE = f"custom_components.{DOMAIN}"
HA_COMPONENTS = Path(loader.__file__).parent / "components"

# --- hassfest: script/hassfest/manifest.py ------------------------------------

# INTEGRATION_MANIFEST_SCHEMA's keys plus CUSTOM_INTEGRATION_MANIFEST_SCHEMA's
# extensions (version, import_executor). Anything else is an unknown key.
HASSFEST_MANIFEST_KEYS = frozenset(
    {
        "domain",
        "name",
        "integration_type",
        "config_flow",
        "mqtt",
        "zeroconf",
        "ssdp",
        "bluetooth",
        "homekit",
        "dhcp",
        "usb",
        "documentation",
        "issue_tracker",
        "quality_scale",
        "requirements",
        "dependencies",
        "after_dependencies",
        "codeowners",
        "loggers",
        "disabled",
        "iot_class",
        "single_config_entry",
        "version",
        "import_executor",
    }
)
# Required by hassfest (domain, name, documentation, codeowners; version for a
# custom integration) and by HACS (issue_tracker too).
REQUIRED_MANIFEST_KEYS = (
    "domain",
    "name",
    "codeowners",
    "documentation",
    "issue_tracker",
    "version",
)
INTEGRATION_TYPES = {"device", "entity", "hardware", "helper", "hub", "service"}
IOT_CLASSES = {
    "assumed_state",
    "calculated",
    "cloud_polling",
    "cloud_push",
    "local_polling",
    "local_push",
}
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
PINNED_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[^\]]+\])?==[^=\s,;]+$")

# --- HACS: custom_components/hacs/utils/validate.py ---------------------------

HACS_JSON_KEYS: dict[str, type | tuple[type, ...]] = {
    "content_in_root": bool,
    "country": (str, list),
    "filename": str,
    "hacs": str,
    "hide_default_branch": bool,
    "homeassistant": str,
    "persistent_directory": str,
    "render_readme": bool,
    "zip_release": bool,
    "name": str,
}
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


def load_json(path: Path) -> Any:
    """Read a JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def manifest() -> dict[str, Any]:
    """The integration's manifest.json."""
    data: dict[str, Any] = load_json(COMPONENT / "manifest.json")
    return data


# --- manifest.json -------------------------------------------------------------


def test_manifest_required_keys_and_values() -> None:
    data = manifest()
    missing = [key for key in REQUIRED_MANIFEST_KEYS if not data.get(key)]
    assert not missing, f"manifest.json lacks {missing}"
    assert data["domain"] == DOMAIN == COMPONENT.name
    assert isinstance(data["name"], str)
    assert data["codeowners"], "codeowners is empty"
    assert all(
        isinstance(owner, str) and owner.startswith("@") for owner in data["codeowners"]
    ), data["codeowners"]
    for key in ("documentation", "issue_tracker"):
        assert re.match(r"^https://[^\s/]+\.[^\s/]+/\S*$", data[key]), (key, data[key])
    version = AwesomeVersion(data["version"], ensure_strategy=VERSION_STRATEGIES)
    assert version.valid
    assert data.get("integration_type", "hub") in INTEGRATION_TYPES
    assert data.get("iot_class") in IOT_CLASSES, "a custom integration needs iot_class"
    for key in ("config_flow", "single_config_entry", "import_executor"):
        assert isinstance(data.get(key, False), bool), key
    for key in ("requirements", "dependencies", "after_dependencies", "loggers"):
        value = data.get(key, [])
        assert isinstance(value, list), key
        assert all(isinstance(item, str) for item in value), key


def test_manifest_has_no_unknown_keys() -> None:
    unknown = set(manifest()) - HASSFEST_MANIFEST_KEYS
    assert not unknown, f"hassfest rejects the manifest keys {sorted(unknown)}"


def test_hassfest_key_list_is_known_to_home_assistant() -> None:
    """The installed loader knows every key hassfest allows (the list is current)."""
    known = set(loader.Manifest.__annotations__)
    assert known >= HASSFEST_MANIFEST_KEYS, HASSFEST_MANIFEST_KEYS - known


def test_manifest_key_order() -> None:
    """hassfest (sort_manifest): domain, name, then the rest alphabetically."""
    keys = list(manifest())
    order = {"domain": ".domain", "name": ".name"}
    assert keys == sorted(keys, key=lambda key: order.get(key, key))


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


def test_dependencies_are_integrations() -> None:
    for key in ("dependencies", "after_dependencies"):
        for dependency in manifest().get(key, []):
            assert (HA_COMPONENTS / dependency / "manifest.json").is_file(), dependency


def test_one_integration_in_custom_components() -> None:
    """HACS installs the only folder under custom_components/."""
    folders = [
        path.name
        for path in (ROOT / "custom_components").iterdir()
        if path.is_dir() and path.name != "__pycache__"
    ]
    assert folders == [DOMAIN]


def test_osi_license_at_root() -> None:
    license_file = ROOT / "LICENSE"
    assert license_file.is_file(), "no LICENSE at the repository root"
    text = license_file.read_text(encoding="utf-8")
    known = {
        "MIT": "Permission is hereby granted, free of charge",
        "Apache-2.0": "Apache License",
        "BSD": "Redistribution and use in source and binary forms",
        "GPL": "GNU GENERAL PUBLIC LICENSE",
        "MPL-2.0": "Mozilla Public License",
    }
    found = [name for name, marker in known.items() if marker in text]
    assert found, "LICENSE is not a recognised OSI license"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    declared = re.search(r'^license\s*=\s*"([^"]+)"', pyproject, re.MULTILINE)
    if declared:
        assert declared.group(1).startswith(found[0]), (declared.group(1), found)


# --- hacs.json -----------------------------------------------------------------


def hacs_json() -> dict[str, Any]:
    """The repository's hacs.json."""
    data: dict[str, Any] = load_json(ROOT / "hacs.json")
    return data


def test_hacs_json_schema() -> None:
    data = hacs_json()
    unknown = set(data) - set(HACS_JSON_KEYS)
    assert not unknown, f"HACS rejects the hacs.json keys {sorted(unknown)}"
    assert isinstance(data.get("name"), str)
    assert data["name"], "hacs.json needs a name"
    for key, kind in HACS_JSON_KEYS.items():
        if key in data:
            assert isinstance(data[key], kind), (key, data[key])
    if data.get("zip_release"):
        assert data.get("filename"), "zip_release needs filename"


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


# --- brand icons -----------------------------------------------------------------


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


# --- translations ----------------------------------------------------------------


def strings() -> dict[str, Any]:
    """strings.json, the source of the English translation."""
    data: dict[str, Any] = load_json(COMPONENT / "strings.json")
    return data


def languages() -> list[str]:
    """Every language shipped in translations/."""
    return sorted(path.stem for path in (COMPONENT / "translations").glob("*.json"))


def translation(language: str) -> dict[str, Any]:
    """translations/<language>.json."""
    data: dict[str, Any] = load_json(COMPONENT / "translations" / f"{language}.json")
    return data


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """{"a": {"b": "x"}} -> {"a.b": "x"}."""
    if not isinstance(data, dict):
        return {prefix: data}
    flat: dict[str, Any] = {}
    for key, value in data.items():
        flat.update(flatten(value, f"{prefix}.{key}" if prefix else key))
    return flat


def placeholders(text: str) -> set[str]:
    """The {placeholders} of a translated string."""
    return {
        name.split(".")[0]
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None and name
    }


def test_en_is_strings_json() -> None:
    assert translation("en") == strings()


def test_german_is_shipped() -> None:
    assert {"en", "de"} <= set(languages())


def parity_problems(english: dict[str, Any], data: dict[str, Any]) -> list[str]:
    """How a translation differs from English in keys, blanks and placeholders."""
    source, other = flatten(english), flatten(data)
    problems = [f"missing {key}" for key in sorted(set(source) - set(other))]
    problems += [f"extra {key}" for key in sorted(set(other) - set(source))]
    for key, text in other.items():
        if not isinstance(text, str) or not text.strip():
            problems.append(f"empty {key}")
        elif key in source and placeholders(text) != placeholders(source[key]):
            problems.append(f"{key}: other placeholders than English")
    return problems


@pytest.mark.parametrize("language", languages())
def test_translation_has_every_key(language: str) -> None:
    assert parity_problems(strings(), translation(language)) == []


def lookup(data: dict[str, Any], dotted: str) -> Any:
    """data["a"]["b"] for "a.b", or None."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def services() -> dict[str, Any]:
    """services.yaml (empty when the integration has no actions)."""
    path = COMPONENT / "services.yaml"
    if not path.is_file():
        return {}
    data: dict[str, Any] = load_yaml_dict(path)
    return data


def service_strings() -> list[str]:
    """The translation keys every action in services.yaml needs."""
    needed: list[str] = []
    for service, spec in services().items():
        needed += [f"services.{service}.name", f"services.{service}.description"]
        for field_name, field_spec in ((spec or {}).get("fields") or {}).items():
            if isinstance(field_spec, dict) and "fields" in field_spec:  # a section
                needed.append(f"services.{service}.sections.{field_name}.name")
                for inner in field_spec["fields"] or {}:
                    needed += [
                        f"services.{service}.fields.{inner}.name",
                        f"services.{service}.fields.{inner}.description",
                    ]
            else:
                needed += [
                    f"services.{service}.fields.{field_name}.name",
                    f"services.{service}.fields.{field_name}.description",
                ]
    return needed


def test_services_yaml_describes_an_action() -> None:
    assert services(), "services.yaml is empty"


def service_problems(data: dict[str, Any]) -> list[str]:
    """Action texts services.yaml needs that a translation lacks."""
    problems = [f"missing {key}" for key in service_strings() if not lookup(data, key)]
    declared = set((data.get("services") or {}).keys())
    problems += [
        f"services.{extra}: no such action" for extra in declared - set(services())
    ]
    return problems


@pytest.mark.parametrize("language", languages())
def test_every_action_and_field_translated(language: str) -> None:
    assert service_problems(translation(language)) == []


# What the platforms use: imported entity descriptions and entity classes.


@dataclass(frozen=True)
class EntityKey:
    """One entity translation key of one platform."""

    platform: str
    key: str


@dataclass
class EntityUse:
    """Translation keys, enum options and event types the platforms use."""

    keys: set[EntityKey]
    states: dict[EntityKey, set[str]]
    event_types: dict[EntityKey, set[str]]


def platform_modules() -> Iterator[tuple[str, ModuleType]]:
    """Every platform module of the integration, imported."""
    for platform in Platform:
        if (COMPONENT / f"{platform.value}.py").is_file():
            yield platform.value, importlib.import_module(f"{PACKAGE}.{platform.value}")


def _is_description(value: Any) -> bool:
    """An EntityDescription; by name: a description made from a base class
    directly is an instance of a dataclass copy (frozen_dataclass_compat)."""
    return any(cls.__name__ == "EntityDescription" for cls in type(value).__mro__)


def _descriptions(value: Any, depth: int = 0) -> Iterator[EntityDescription]:
    if _is_description(value):
        yield value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _descriptions(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _descriptions(item, depth + 1)


def entity_use() -> EntityUse:
    """Collect the entity translation keys, enum options and event types in use."""
    use = EntityUse(keys=set(), states={}, event_types={})
    for platform, module in platform_modules():
        found: list[tuple[str | None, Any, Any]] = []
        for value in vars(module).values():
            for description in _descriptions(value):
                options = None
                if (
                    platform == Platform.SENSOR
                    and getattr(description, "device_class", None)
                    == SensorDeviceClass.ENUM
                ):
                    options = getattr(description, "options", None)
                event_types = getattr(description, "event_types", None)
                found.append((description.translation_key, options, event_types))
            if (
                isinstance(value, type)
                and issubclass(value, Entity)
                and value.__module__ == module.__name__
            ):
                attrs = vars(value)
                found.append(
                    (
                        attrs.get("_attr_translation_key"),
                        attrs.get("_attr_options"),
                        attrs.get("_attr_event_types"),
                    )
                )
        for key, options, event_types in found:
            if key is None:
                continue
            entity_key = EntityKey(platform, key)
            use.keys.add(entity_key)
            if options:
                use.states.setdefault(entity_key, set()).update(options)
            if event_types:
                use.event_types.setdefault(entity_key, set()).update(event_types)
    return use


def test_platforms_use_translation_keys() -> None:
    assert list(platform_modules()), "no platform modules"
    assert entity_use().keys, "no entity uses a translation key"


def entity_problems(data: dict[str, Any], use: EntityUse) -> list[str]:
    """Entity names, enum states and event types a translation lacks."""
    missing = [
        f"entity.{k.platform}.{k.key}.name"
        for k in sorted(use.keys, key=str)
        if not lookup(data, f"entity.{k.platform}.{k.key}.name")
    ]
    for k, options in use.states.items():
        missing += [
            f"entity.{k.platform}.{k.key}.state.{option}"
            for option in sorted(options)
            if not lookup(data, f"entity.{k.platform}.{k.key}.state.{option}")
        ]
    for k, event_types in use.event_types.items():
        base = f"entity.{k.platform}.{k.key}.state_attributes.event_type.state"
        missing += [
            f"{base}.{event_type}"
            for event_type in sorted(event_types)
            if not lookup(data, f"{base}.{event_type}")
        ]
    return missing


@pytest.mark.parametrize("language", languages())
def test_every_entity_translated(language: str) -> None:
    assert entity_problems(translation(language), entity_use()) == []


def test_no_unused_entity_translations() -> None:
    use = entity_use()
    declared = {
        EntityKey(platform, key)
        for platform, keys in (strings().get("entity") or {}).items()
        for key in keys
    }
    unused = declared - use.keys
    assert not unused, f"strings.json translates entities nobody uses: {unused}"


# What the source raises and shows: translation keys found by parsing it.

EXCEPTION_NAME = re.compile(r"(Error|Exception|Failed|NotReady|Invalid)$")


@dataclass(frozen=True)
class SourceKey:
    """A translation key found in the source, with where it is used."""

    section: str  # exceptions, issues, config.abort, config.step, config.error
    key: str
    where: str
    placeholders: frozenset[str] | None = None


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _fit_problem_keys() -> set[str]:
    from custom_components.ai_endurance.fit import FitProblem  # noqa: PLC0415

    return {f"file_{problem.value}" for problem in FitProblem}


# Translation keys built with an f-string from a closed set of values: the
# template (each replacement field as {}) and the keys it can give. Add one
# here when the code builds a new kind of key.
DYNAMIC_KEYS: dict[str, Callable[[], set[str]]] = {"file_{}": _fit_problem_keys}

HA_EXCEPTIONS = frozenset(
    {
        "HomeAssistantError",
        "ServiceValidationError",
        "ConfigEntryAuthFailed",
        "ConfigEntryError",
        "ConfigEntryNotReady",
        "UpdateFailed",
        "ServiceNotSupported",
    }
)


def _strings_of(node: ast.expr, module: ModuleType | None) -> set[str] | None:
    """The strings an expression can be: literals, conditionals, module constants."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.JoinedStr):
        template = "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}"
            for part in node.values
        )
        expand = DYNAMIC_KEYS.get(template)
        return expand() if expand else None
    if isinstance(node, ast.IfExp):
        body, orelse = _strings_of(node.body, module), _strings_of(node.orelse, module)
        return None if body is None or orelse is None else body | orelse
    if isinstance(node, ast.Name) and module is not None:
        value = getattr(module, node.id, None)
        return {value} if isinstance(value, str) else None
    return None


def _module_of(path: Path) -> ModuleType | None:
    relative = path.relative_to(ROOT).with_suffix("")
    try:
        return importlib.import_module(".".join(relative.parts))
    except ImportError:
        return None


class _SourceScanner(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.module = _module_of(path)
        self.found: list[SourceKey] = []
        self.unresolved: list[str] = []
        self._raising: set[int] = set()
        self._parameters: list[set[str]] = [set()]

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"

    def add(
        self,
        section: str,
        node: ast.expr,
        where: str,
        names: frozenset[str] | None = frozenset(),
    ) -> None:
        values = _strings_of(node, self.module)
        if values is None:
            self.unresolved.append(f"{where} ({section})")
            return
        self.found += [SourceKey(section, value, where, names) for value in values]

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        self._parameters.append(
            {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        )
        self.generic_visit(node)
        self._parameters.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # noqa: N815

    def visit_Raise(self, node: ast.Raise) -> None:
        if isinstance(node.exc, ast.Call):
            self._raising.add(id(node.exc))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        keywords = {kw.arg: kw.value for kw in node.keywords if kw.arg}
        name = _callee(node)
        where = self.where(node)
        if "translation_key" in keywords:
            self._translation_key(node, name, keywords, where)
        if name == "async_abort" and "reason" in keywords:
            self.add("config.abort", keywords["reason"], where, None)
        if name in {"async_show_form", "async_show_menu"} and "step_id" in keywords:
            self.add("config.step", keywords["step_id"], where, None)
        errors = keywords.get("errors")
        if name == "async_show_form" and isinstance(errors, ast.Dict):
            for value in errors.values:
                if isinstance(value, ast.Constant):
                    self.add("config.error", value, where, None)
        self.generic_visit(node)

    def _translation_key(
        self, node: ast.Call, name: str, keywords: dict[str, ast.expr], where: str
    ) -> None:
        key = keywords["translation_key"]
        if name.endswith("EntityDescription"):
            # Checked through the imported descriptions; recorded here to make
            # sure none escapes that (one made inside a function, say).
            if self.path.stem in {platform.value for platform in Platform}:
                self.add(f"entity.{self.path.stem}", key, where, None)
            return
        if isinstance(key, ast.Name) and key.id in self._parameters[-1]:
            return  # a helper passing its parameter on: its callers are checked
        holders = _placeholder_names(node, name, keywords)
        if name in {"async_create_issue", "create_issue"}:
            self.add("issues", key, where, holders)
        elif id(node) in self._raising or EXCEPTION_NAME.search(name):
            self.add("exceptions", key, where, holders)
            domain = keywords.get("translation_domain")
            if domain is not None and _strings_of(domain, self.module) != {DOMAIN}:
                self.unresolved.append(f"{where}: translation_domain not {DOMAIN}")
        elif name == "SelectSelectorConfig":
            self.add("selector", key, where)
        else:
            self.unresolved.append(f"{where}: translation_key in {name}()")

    def visit_Assign(self, node: ast.Assign) -> None:
        """Find form errors set by subscript: errors[<field>] = <literal>."""
        for target in node.targets:
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id == "errors"
                and isinstance(node.value, ast.Constant)
            ):
                self.add("config.error", node.value, self.where(node), None)
        self.generic_visit(node)


def _placeholder_names(
    node: ast.Call, name: str, keywords: dict[str, ast.expr]
) -> frozenset[str] | None:
    """The placeholder names a call passes; None when the test cannot tell."""
    holders = keywords.get("translation_placeholders")
    if isinstance(holders, ast.Dict):
        if all(isinstance(k, ast.Constant) for k in holders.keys):
            return frozenset(
                str(k.value) for k in holders.keys if isinstance(k, ast.Constant)
            )
        return None
    if holders is not None:
        return None  # a variable
    if name in HA_EXCEPTIONS or name in {"async_create_issue", "create_issue"}:
        return frozenset()
    # A helper of the integration taking the placeholders as keyword arguments.
    if any(kw.arg is None for kw in node.keywords):
        return None
    return frozenset(keywords) - {"translation_key", "translation_domain"}


def source_keys() -> tuple[list[SourceKey], list[str]]:
    """Every translation key the integration's source uses outside entities."""
    found: list[SourceKey] = []
    unresolved: list[str] = []
    for path in sorted(COMPONENT.rglob("*.py")):
        scanner = _SourceScanner(path)
        scanner.visit(ast.parse(path.read_text(encoding="utf-8")))
        found += scanner.found
        unresolved += scanner.unresolved
    return found, unresolved


def test_translation_keys_in_source_are_resolvable() -> None:
    _, unresolved = source_keys()
    assert not unresolved, (
        f"translation keys this test cannot check: {unresolved}; use literals or"
        " module constants, or teach tests/test_release.py the new kind"
    )


SECTION_TEXT = {
    "exceptions": "message",
    "issues": "title",
    "selector": "options",
}


def source_problems(data: dict[str, Any], found: list[SourceKey]) -> list[str]:
    """Exception, issue, flow and selector texts the source uses but data lacks."""
    missing: list[str] = []
    for use in found:
        if use.section.startswith("entity."):
            continue  # entity_problems checks these, with their states
        path = f"{use.section}.{use.key}"
        if use.section in SECTION_TEXT:
            path += f".{SECTION_TEXT[use.section]}"
        value = lookup(data, path)
        if not value:
            missing.append(f"{path} ({use.where})")
            continue
        if (
            isinstance(value, str)
            and use.placeholders is not None
            and use.section in {"exceptions", "issues"}
            and not placeholders(value) <= use.placeholders
        ):
            missing.append(
                f"{path}: placeholders {sorted(placeholders(value))} but the code"
                f" passes only {sorted(use.placeholders)} ({use.where})"
            )
    return missing


@pytest.mark.parametrize("language", languages())
def test_source_translation_keys_exist(language: str) -> None:
    assert source_problems(translation(language), source_keys()[0]) == []


def test_every_entity_description_is_seen_by_the_import_scan() -> None:
    imported = {f"entity.{k.platform}.{k.key}" for k in entity_use().keys}
    parsed = {
        f"{use.section}.{use.key}": use.where
        for use in source_keys()[0]
        if use.section.startswith("entity.")
    }
    escaped = {key: where for key, where in parsed.items() if key not in imported}
    assert not escaped, (
        f"entity descriptions the import scan misses: {escaped}; keep them at"
        " module level (a constant or a tuple) so their keys are checked"
    )


@pytest.mark.parametrize("section", ["exceptions", "issues"])
def test_no_unused_translations(section: str) -> None:
    used = {use.key for use in source_keys()[0] if use.section == section}
    unused = set(strings().get(section) or {}) - used
    assert not unused, f"strings.json {section} nobody raises: {sorted(unused)}"


def _without(data: dict[str, Any], dotted: str) -> dict[str, Any]:
    """A deep copy of data without the key at dotted."""
    copy: dict[str, Any] = json.loads(json.dumps(data))
    *parents, last = dotted.split(".")
    node = copy
    for part in parents:
        node = node[part]
    del node[last]
    return copy


def test_checks_fail_on_a_missing_string() -> None:
    """Each translation check notices one string taken away."""
    english = strings()
    use = entity_use()
    for key in sorted(use.keys, key=str):
        dotted = f"entity.{key.platform}.{key.key}.name"
        assert entity_problems(_without(english, dotted), use), dotted
        assert parity_problems(english, _without(english, dotted)), dotted
    for key, options in use.states.items():
        dotted = f"entity.{key.platform}.{key.key}.state.{min(options)}"
        assert entity_problems(_without(english, dotted), use), dotted
    for key, types in use.event_types.items():
        dotted = (
            f"entity.{key.platform}.{key.key}.state_attributes.event_type.state."
            f"{min(types)}"
        )
        assert entity_problems(_without(english, dotted), use), dotted
    for dotted in service_strings():
        assert service_problems(_without(english, dotted)), dotted
    found = source_keys()[0]
    for use_ in found:
        if use_.section.startswith("entity."):
            continue
        dotted = f"{use_.section}.{use_.key}"
        assert source_problems(_without(english, dotted), found), dotted


def test_every_exception_is_translated() -> None:
    """Every Home Assistant exception the integration raises has a translation key."""
    bare: list[str] = []
    for path in sorted(COMPONENT.rglob("*.py")):
        if "api" in path.relative_to(COMPONENT).parts:
            continue  # the API client has no Home Assistant import
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"
            if (  # raise UpdateFailed  (the class itself: no message at all)
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Name)
                and node.exc.id in HA_EXCEPTIONS
            ) or (  # UpdateFailed("...") raised, returned or kept
                isinstance(node, ast.Call)
                and _callee(node) in HA_EXCEPTIONS
                and not any(kw.arg == "translation_key" for kw in node.keywords)
            ):
                bare.append(where)
    assert not bare, f"raised without translation_key: {bare}"


# icons.json


def icons() -> dict[str, Any]:
    """icons.json."""
    data: dict[str, Any] = load_json(COMPONENT / "icons.json")
    return data


def test_icons_match_entities_and_actions() -> None:
    data = icons()
    use = entity_use()
    problems: list[str] = []
    for platform, entries in (data.get("entity") or {}).items():
        for key, spec in entries.items():
            entity_key = EntityKey(platform, key)
            if entity_key not in use.keys:
                problems.append(f"icon for unused entity.{platform}.{key}")
                continue
            if not str(spec.get("default", "mdi:")).startswith("mdi:"):
                problems.append(f"entity.{platform}.{key}.default is not mdi:")
            states = set((spec.get("state") or {}).keys())
            if entity_key in use.states and states - use.states[entity_key]:
                problems.append(
                    f"state icons of {platform}.{key} for unknown states"
                    f" {sorted(states - use.states.get(entity_key, set()))}"
                )
    service_icons = set((data.get("services") or {}).keys())
    if service_icons != set(services()):
        problems.append(
            f"icons.json services {sorted(service_icons)} but services.yaml has"
            f" {sorted(services())}"
        )
    assert not problems, problems


def test_icons_for_every_entity_without_device_class() -> None:
    """Entities without a device class get their icon from icons.json."""
    data = icons()
    missing: list[str] = []
    for platform, module in platform_modules():
        for value in vars(module).values():
            for description in _descriptions(value):
                key = description.translation_key
                if key is None or getattr(description, "device_class", None):
                    continue
                if platform in {"calendar", "image", "event"}:
                    continue  # their platform's icon fits
                if not lookup(data, f"entity.{platform}.{key}.default"):
                    missing.append(f"entity.{platform}.{key}")
    assert not missing, f"icons.json lacks {missing}"


# --- quality_scale.yaml ------------------------------------------------------------


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


def _source(name: str) -> str:
    path = COMPONENT / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _all_source() -> str:
    return "\n".join(p.read_text("utf-8") for p in sorted(COMPONENT.rglob("*.py")))


# What a "done" claims, checked in the code where a look at the source can tell.
DONE_EVIDENCE: dict[str, Callable[[], bool]] = {
    "config-flow": lambda: manifest().get("config_flow") is True,
    "runtime-data": lambda: "runtime_data" in _source("__init__.py"),
    "has-entity-name": lambda: "_attr_has_entity_name = True" in _all_source(),
    "entity-unique-id": lambda: "_attr_unique_id" in _all_source(),
    "config-entry-unloading": lambda: "async_unload_entry" in _source("__init__.py"),
    "reauthentication-flow": lambda: "async_step_reauth" in _source("config_flow.py"),
    "reconfiguration-flow": lambda: (
        "async_step_reconfigure" in _source("config_flow.py")
    ),
    "diagnostics": (COMPONENT / "diagnostics.py").is_file,
    "icon-translations": (COMPONENT / "icons.json").is_file,
    "integration-owner": lambda: bool(manifest().get("codeowners")),
    "brands": (COMPONENT / "brand" / "icon.png").is_file,
    "repair-issues": lambda: "async_create_issue" in _all_source(),
    "devices": lambda: "DeviceInfo(" in _all_source(),
    "inject-websession": lambda: "async_get_clientsession" in _all_source(),
    "parallel-updates": lambda: all(
        "PARALLEL_UPDATES" in vars(module) for _, module in platform_modules()
    ),
    "action-setup": lambda: (
        not services() or "def async_setup(" in _source("__init__.py")
    ),
    "entity-category": lambda: "entity_category" in _all_source(),
    "entity-disabled-by-default": lambda: (
        "entity_registry_enabled_default" in _all_source()
    ),
    "entity-device-class": lambda: "device_class" in _all_source(),
    "stale-devices": lambda: (
        "async_remove_config_entry_device" in _all_source()
        or "async_remove_device" in _all_source()
        or "async_update_device" in _all_source()
    ),
}


def test_quality_scale_done_has_evidence() -> None:
    rules = quality_scale()
    unsupported = [
        rule
        for rule, evidence in DONE_EVIDENCE.items()
        if rule in rules and rule_status(rules, rule) == "done" and not evidence()
    ]
    assert not unsupported, f"marked done, but the code shows no sign: {unsupported}"


def test_quality_scale_entity_translations_done_means_translated() -> None:
    """entity-translations done: every entity has a translation key."""
    if rule_status(quality_scale(), "entity-translations") != "done":
        pytest.skip("entity-translations is not claimed")
    nameless = [
        f"{platform}.{description.key}"
        for platform, module in platform_modules()
        for value in vars(module).values()
        for description in _descriptions(value)
        if description.translation_key is None
    ]
    assert not nameless, nameless
