# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What the integration's texts must cover, collected from the code (for the tests).

Entity translation keys come from the platforms' entity descriptions and
classes (imported), with enum options and event types; every other
``translation_key=`` is found by parsing the source: the exceptions raised,
repair issues, config-flow steps and abort reasons. The ``*_problems``
functions say what a translation lacks, so a test can also show that each
check fails when one string is taken away.
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
from types import ModuleType
from typing import Any

from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import Platform
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.util.yaml import load_yaml_dict

ROOT = Path(__file__).resolve().parent.parent

DOMAIN = "ai_endurance"

COMPONENT = ROOT / "custom_components" / DOMAIN

PACKAGE = f"custom_components.{DOMAIN}"


def load_json(path: Path) -> Any:
    """Read a JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


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


def icons() -> dict[str, Any]:
    """icons.json."""
    data: dict[str, Any] = load_json(COMPONENT / "icons.json")
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


def lookup(data: dict[str, Any], dotted: str) -> Any:
    """data["a"]["b"] for "a.b", or None."""
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


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


# --- actions: services.yaml -------------------------------------------------


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


def service_problems(data: dict[str, Any]) -> list[str]:
    """Action texts services.yaml needs that a translation lacks."""
    problems = [f"missing {key}" for key in service_strings() if not lookup(data, key)]
    declared = set((data.get("services") or {}).keys())
    problems += [
        f"services.{extra}: no such action" for extra in declared - set(services())
    ]
    return problems


# --- entities: imported descriptions and entity classes ---------------------


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


def descriptions(value: Any, depth: int = 0) -> Iterator[EntityDescription]:
    if _is_description(value):
        yield value
    elif depth < 3 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from descriptions(item, depth + 1)
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from descriptions(item, depth + 1)


def entity_use() -> EntityUse:
    """Collect the entity translation keys, enum options and event types in use."""
    use = EntityUse(keys=set(), states={}, event_types={})
    for platform, module in platform_modules():
        found: list[tuple[str | None, Any, Any]] = []
        for value in vars(module).values():
            for description in descriptions(value):
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


# --- everything else: translation keys found by parsing the source ----------

EXCEPTION_NAME = re.compile(r"(Error|Exception|Failed|NotReady|Invalid)$")


@dataclass(frozen=True)
class SourceKey:
    """A translation key found in the source, with where it is used."""

    section: str  # exceptions, issues, config.abort, config.step, config.error
    key: str
    where: str
    placeholders: frozenset[str] | None = None


def callee(call: ast.Call) -> str:
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
        name = callee(node)
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
