# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Paces from speeds: AI Endurance sends pace targets as speeds in m/s.

People read a pace per kilometre, per mile or (swimmers) per 100 metres, so
the conversion and its one text form live here, shared by every text.
"""

import math
from typing import Final, Literal

type PaceUnit = Literal["km", "mi", "100m"]
"""Distance a pace is given for: a kilometre, a mile or 100 metres (swims)."""

_UNIT_METERS: Final[dict[str, float]] = {"km": 1000.0, "mi": 1609.344, "100m": 100.0}
_MINUTES_PER_HOUR: Final = 60


def pace_seconds(mps: float | None, unit: PaceUnit = "km") -> float | None:
    """Turn a speed in m/s into seconds per ``unit``; ``None`` when not a speed."""
    meters = _UNIT_METERS.get(unit)
    if meters is None:
        msg = f"unknown pace unit {unit!r}, expected 'km', 'mi' or '100m'"
        raise ValueError(msg)
    if mps is None or not math.isfinite(mps) or mps <= 0:
        return None
    return meters / mps


def format_pace(mps: float | None, unit: PaceUnit = "km") -> str | None:
    """Format a speed in m/s as a pace, rounded to the second.

    ``format_pace(3.45)`` is ``"4:50/km"``, ``format_pace(1000 / 290, "mi")``
    is ``"7:47/mi"``; paces of an hour or more read ``"1:02:03/km"``.
    ``None`` (or zero, negative, infinite) gives ``None``.
    """
    seconds = pace_seconds(mps, unit)
    if seconds is None:
        return None
    minutes, secs = divmod(round(seconds), 60)
    if minutes >= _MINUTES_PER_HOUR:
        hours, minutes = divmod(minutes, _MINUTES_PER_HOUR)
        return f"{hours}:{minutes:02d}:{secs:02d}/{unit}"
    return f"{minutes}:{secs:02d}/{unit}"
