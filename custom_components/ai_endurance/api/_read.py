# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Tolerant readers of JSON values, and one table-driven reader of objects (private).

The schema of ``Future_Workout_Static`` is not published, so a value of the
wrong type never fails a parse: it reads as ``None`` and its key is reported
as unreadable (names only, never values). ``null`` is not unreadable, it is
simply missing. A field is read by the reader of its type (:data:`READERS`)
and may have several JSON names: the documented one wins, an alias is read
when the documented name gives nothing.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
import datetime as dt
import math
import re
from types import MappingProxyType
from typing import Any, Final, NamedTuple

type Reader = Callable[[object], Any]

_BOOL_WORDS: Final = {"true": True, "false": False, "1": True, "0": False}
_DATE_TIME: Final = re.compile(r"(\d{4}-\d{2}-\d{2})[Tt ]\d")


def read_str(value: object) -> str | None:
    """Read a string; whole numbers become strings (ids come as numbers)."""
    if type(value) is str:
        return value
    if type(value) is int:
        return str(value)
    return None


def read_number(value: object) -> float | None:
    """Read a finite number; numeric strings are accepted, ``bool`` is not.

    A whole-number string gives an ``int``, as the JSON number would.
    """
    if type(value) is int:
        return value
    if type(value) is float:
        return value if math.isfinite(value) else None
    if type(value) is str:
        if value.strip().lstrip("+-").isdecimal():
            return int(value)  # "38" reads as the JSON number 38 would
        try:
            number = float(value)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def read_int(value: object) -> int | None:
    """Read a whole number (seconds, repeats); other numbers are rounded."""
    if type(value) is int:
        return value
    number = read_number(value)
    return None if number is None else round(number)


def read_bool(value: object) -> bool | None:
    """Read a boolean; ``0``/``1`` and ``"true"``/``"false"`` are accepted."""
    if type(value) is bool:
        return value
    if type(value) is int and value in {0, 1}:
        return value == 1
    if type(value) is str:
        return _BOOL_WORDS.get(value.strip().lower())
    return None


def read_date(value: object) -> dt.date | None:
    """Read ``YYYY-MM-DD`` or an ISO date-time, keeping the date part as written.

    A planned workout has a day, not an instant: ``2026-12-02T00:00:00Z`` is
    2 December whatever the zone, so no conversion takes place.
    """
    if type(value) is not str:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        pass
    # Date-times Python does not parse (nanoseconds...): the date part.
    if (match := _DATE_TIME.match(value)) is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


def documented(*names: str) -> Any:
    """Declare an optional dataclass field read from JSON, default ``None``.

    ``names`` are its JSON names, the documented one first, then aliases read
    when the documented name gives nothing; none: the field's own name.
    """
    return field(default=None, metadata={"json_names": names})


REQUIRED: Final = MappingProxyType({"json_names": ()})
"""Metadata of a field read from JSON under its own name, without which there
is no object: ``field(metadata=REQUIRED)``."""


READERS: Final[dict[object, Reader]] = {
    str | None: read_str,
    int | None: read_int,
    float | None: read_number,
    bool | None: read_bool,
    dt.date: read_date,
}
"""The reader of each field type: a field is read by what it holds."""


@dataclass(frozen=True, slots=True)
class JsonName:
    """One JSON name of a documented field."""

    field: str
    read: Reader
    alias: bool


class Table:
    """The JSON names of a dataclass's documented fields (see :func:`documented`).

    ``handled`` names keys the caller reads itself: they are not ``extra``.
    """

    def __init__(self, cls: type, handled: Iterable[str] = ()) -> None:
        """Collect the JSON names and readers of ``cls``'s documented fields."""
        self.names: dict[str, JsonName] = {}
        documented_names = []
        for item in fields(cls):
            if "json_names" not in item.metadata:
                continue
            first, *aliases = item.metadata["json_names"] or (item.name,)
            documented_names.append(first)
            read = READERS[item.type]
            self.names[first] = JsonName(item.name, read, alias=False)
            for alias in aliases:
                self.names[alias] = JsonName(item.name, read, alias=True)
        self.documented = frozenset(documented_names)
        self.handled = frozenset(handled)


class Reading(NamedTuple):
    """What :func:`read_object` found in one JSON object."""

    values: dict[str, Any]
    """Readable documented fields, by dataclass field name."""
    extra: dict[str, Any]
    """Keys the table does not name, as sent."""
    unreadable: list[str]
    """JSON names present with a value of the wrong type (not ``null``)."""


def read_object(data: Mapping[str, Any], table: Table) -> Reading:
    """Read the documented fields of one JSON object, each value once."""
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    unreadable: list[str] = []
    names = table.names
    for name, raw in data.items():
        entry = names.get(name)
        if entry is None:
            if name not in table.handled:
                extra[name] = raw
            continue
        if raw is None:
            continue
        value = entry.read(raw)
        if value is None:
            unreadable.append(name)
        elif not entry.alias or entry.field not in values:
            values[entry.field] = value
    return Reading(values, extra, unreadable)
