# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Where the workouts are in an answer, and the answer's shape without its values.

The schema of the workouts answer is not published: the list may come bare or
under one of :data:`ENVELOPE_KEYS`. When a real account's answer cannot be
read, :func:`response_shape` tells a maintainer which keys and JSON types it
had (for the first few workouts, and inside their ``steps``) without a single
value: no title, id, date or token can leave the user's system through it.
"""

from collections import Counter
from collections.abc import Mapping
from typing import Any, Final

import orjson

ENVELOPE_KEYS: Final = ("results", "workouts", "data")
"""Keys of an object that may hold the list of workouts, in the order tried."""

SHAPE_ITEMS: Final = 3
"""How many workouts :func:`response_shape` describes."""
MAX_KEYS: Final = 40
"""Most keys described per object; the others are counted."""
MAX_KEY_LENGTH: Final = 40
"""Longer key names are cut (a key should be a name, not data)."""


def _find(body: object) -> tuple[str, list[Any] | None]:
    if type(body) is list:
        return "list", body
    if isinstance(body, dict):
        for key in ENVELOPE_KEYS:
            if type(items := body.get(key)) is list:
                return key, items
    return "unknown", None


def workout_items(body: object) -> list[Any] | None:
    """Return the list of workouts in an answer; ``None`` for an unknown shape."""
    return _find(body)[1]


def envelope_of(body: object) -> str:
    """Name the answer's envelope: ``"list"``, an envelope key, or ``"unknown"``."""
    return _find(body)[0]


_JSON_TYPES: Final[dict[type, str]] = {
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
}


def json_type(value: object) -> str:
    """Return the JSON (Schema) type name of a decoded JSON value."""
    return _JSON_TYPES.get(type(value), type(value).__name__)


def key_types(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return an object's keys (sorted, capped) with the JSON type of each value."""
    names = sorted(data)
    types: dict[str, Any] = {
        name[:MAX_KEY_LENGTH]: json_type(data[name]) for name in names[:MAX_KEYS]
    }
    if len(names) > MAX_KEYS:
        types["(more keys)"] = len(names) - MAX_KEYS
    return types


def _item_shape(item: object) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        return {"type": json_type(item)}
    shape: dict[str, Any] = {"type": "object", "keys": key_types(item)}
    steps = item.get("steps")
    if isinstance(steps, str):
        try:
            steps = orjson.loads(steps)
        except orjson.JSONDecodeError:
            return shape
        shape["steps_encoding"] = "string"
    if isinstance(steps, Mapping):
        shape["steps"] = key_types(steps)
    return shape


def response_shape(body: object) -> dict[str, Any]:
    """Describe a decoded workouts answer by its structure only.

    ``type`` (JSON type of the body), ``envelope`` (see :func:`envelope_of`),
    ``keys`` (an object body's keys and value types), ``items`` (how many
    entries the list holds), ``item_types`` (how many of each JSON type) and
    ``first_items`` (for the first :data:`SHAPE_ITEMS`: ``keys``, and
    ``steps`` keys, ``steps_encoding: "string"`` when sent as a JSON string).
    """
    envelope, items = _find(body)
    shape: dict[str, Any] = {"type": json_type(body), "envelope": envelope}
    if isinstance(body, Mapping):
        shape["keys"] = key_types(body)
    if items is not None:
        shape["items"] = len(items)
        shape["item_types"] = dict(Counter(json_type(item) for item in items))
        shape["first_items"] = [_item_shape(item) for item in items[:SHAPE_ITEMS]]
    return shape
