# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Every text the integration shows exists in every language it ships.

hassfest checks the shape of strings.json, not that translations/ holds the
same keys, nor that the keys the code uses exist; these tests do, with what
tests/translation_scan.py collects from the code. A string missing in any
language fails, and each check is shown to fail on one string taken away.
"""

from __future__ import annotations

import ast
import json
from typing import Any

import pytest

from .translation_scan import (
    COMPONENT,
    HA_EXCEPTIONS,
    ROOT,
    EntityKey,
    callee,
    descriptions,
    entity_problems,
    entity_use,
    icons,
    languages,
    lookup,
    parity_problems,
    platform_modules,
    service_problems,
    service_strings,
    services,
    source_keys,
    source_problems,
    strings,
    translation,
)


def test_en_is_strings_json() -> None:
    assert translation("en") == strings()


def test_german_is_shipped() -> None:
    assert {"en", "de"} <= set(languages())


@pytest.mark.parametrize("language", languages())
def test_translation_has_every_key(language: str) -> None:
    assert parity_problems(strings(), translation(language)) == []


def test_services_yaml_describes_an_action() -> None:
    assert services(), "services.yaml is empty"


@pytest.mark.parametrize("language", languages())
def test_every_action_and_field_translated(language: str) -> None:
    assert service_problems(translation(language)) == []


def test_platforms_use_translation_keys() -> None:
    assert list(platform_modules()), "no platform modules"
    assert entity_use().keys, "no entity uses a translation key"


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


def test_translation_keys_in_source_are_resolvable() -> None:
    _, unresolved = source_keys()
    assert not unresolved, (
        f"translation keys this test cannot check: {unresolved}; use literals or"
        " module constants, or teach tests/test_release.py the new kind"
    )


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
                and callee(node) in HA_EXCEPTIONS
                and not any(kw.arg == "translation_key" for kw in node.keywords)
            ):
                bare.append(where)
    assert not bare, f"raised without translation_key: {bare}"


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
            for description in descriptions(value):
                key = description.translation_key
                if key is None or getattr(description, "device_class", None):
                    continue
                if platform in {"calendar", "image", "event"}:
                    continue  # their platform's icon fits
                if not lookup(data, f"entity.{platform}.{key}.default"):
                    missing.append(f"entity.{platform}.{key}")
    assert not missing, f"icons.json lacks {missing}"
