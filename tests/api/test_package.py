# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The API client package stands alone: no Home Assistant, typed, complete exports."""

import ast
from pathlib import Path

from custom_components.ai_endurance import api
from custom_components.ai_endurance.api import const

PACKAGE = Path(api.__file__).parent


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_home_assistant_import() -> None:
    """No module of the package imports homeassistant or leaves the package."""
    assert _modules()
    offenders: list[str] = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level > 1:
                    offenders.append(f"{path.name}: relative import out of the package")
                names = [node.module or ""]
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and getattr(node.func, "id", getattr(node.func, "attr", ""))
                in {"import_module", "__import__"}
            ):
                offenders.append(f"{path.name}: dynamic import")
            offenders.extend(
                f"{path.name}: imports {name}"
                for name in names
                if name.split(".")[0] in {"homeassistant", "custom_components"}
            )
    assert offenders == []


def test_typed_marker() -> None:
    assert (PACKAGE / "py.typed").is_file()


def test_public_names() -> None:
    assert sorted(api.__all__) == sorted(set(api.__all__))
    for name in api.__all__:
        assert getattr(api, name) is not None, name


def test_urls() -> None:
    assert const.AUTHORIZE_URL == "https://aiendurance.com/authorize"
    assert const.TOKEN_URL == "https://aiendurance.xyz/o/token/"
    assert const.REVOKE_URL == "https://aiendurance.xyz/o/revoke_token/"
    assert const.API_BASE_URL == "https://aiendurance.xyz"
    assert const.WORKOUTS_PATH == "/o/future_workout_static/"
    assert const.FIT_PING_PATH == "/api/fit_partner_ping/"
    assert const.DEFAULT_TIMEOUT == 30
