# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""A workout's sport, and what its target values measure.

The sport is decided here and nowhere else: the sensors, texts, picture and
target kinds all ask :attr:`Workout.sport`. It goes by whole words, so an
``act_type`` of ``VirtualRide`` is a ride and a title like "Core crunches" is
not a run. A target value is a pace (m/s) or a power (W) by sport, and for
runs and unknown sports by size: no runner is faster than
:data:`MAX_PACE_MPS`, and running power is 100 W and more.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
import re
from typing import Final, Self, cast

from .const import MAX_PACE_MPS


class Sport(StrEnum):
    """The sport of a workout, as the integration shows it."""

    RUN = "run"
    RIDE = "ride"
    SWIM = "swim"
    OTHER = "other"


_SPORT_WORDS: Final[tuple[tuple[Sport, frozenset[str]], ...]] = (
    (
        Sport.RIDE,
        frozenset(
            {
                "ride",
                "rides",
                "riding",
                "bike",
                "biking",
                "ebike",
                "cycle",
                "cycling",
                "virtualride",
                "ebikeride",
                "mountainbikeride",
                "gravelride",
            }
        ),
    ),
    (Sport.SWIM, frozenset({"swim", "swims", "swimming", "openwaterswim"})),
    (
        Sport.RUN,
        frozenset(
            {"run", "runs", "running", "jog", "jogging", "trailrun", "virtualrun"}
        ),
    ),
)
"""Words naming each sport; when a name holds several, the first sport listed wins."""

# Words of a name: CamelCase parts ("VirtualRide": Virtual, Ride) and runs of
# letters or digits; the whole lowercased name counts as a word too.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")


def _words(name: str) -> set[str]:
    words = {word.lower() for word in _WORD.findall(name)}
    words.add(name.strip().lower())
    return words


@lru_cache(maxsize=512)
def sport_of(activity: str | None, title: str | None = None) -> Sport:
    """Decide the sport from an ``act_type``, else from the words of a title.

    An ``act_type`` given decides alone (``Hike`` is other, whatever the
    title says); the title counts only when there is none.
    """
    name = activity if activity and activity.strip() else title
    if not name:
        return Sport.OTHER
    words = _words(name)
    for sport, names in _SPORT_WORDS:
        if not words.isdisjoint(names):
            return sport
    return Sport.OTHER


class TargetKind(StrEnum):
    """What a target value measures: a pace in m/s or a power in W."""

    PACE = "pace"
    POWER = "power"


def target_kind(sport: Sport, value: float) -> TargetKind:
    """Decide whether a target value is a pace (m/s) or a power (W).

    Rides are power, swims pace; runs and other sports are a pace up to
    :data:`MAX_PACE_MPS` (10 m/s) and a power above it.
    """
    if sport is Sport.RIDE:
        return TargetKind.POWER
    if sport is Sport.SWIM:
        return TargetKind.PACE
    return TargetKind.PACE if value <= MAX_PACE_MPS else TargetKind.POWER


@dataclass(frozen=True, slots=True)
class Target:
    """An intensity target: a range, or one bound of it.

    Paces are in m/s (``low`` is the slower pace), powers in W. At least one
    bound is set (else ``ValueError``). Endurance workouts usually carry only
    ``high``: an upper bound of intensity.
    """

    low: float | None
    high: float | None
    kind: TargetKind

    def __post_init__(self) -> None:
        """Refuse a target without a bound."""
        if self.low is None and self.high is None:
            msg = "a target needs a low or a high bound"
            raise ValueError(msg)

    @property
    def value(self) -> float:
        """The one number to show: ``high`` when set, else ``low``."""
        return self.high if self.high is not None else cast("float", self.low)

    @classmethod
    def of(cls, low: float | None, high: float | None, sport: Sport) -> Self | None:
        """Build the target of a sport; ``None`` when both bounds are missing."""
        value = high if high is not None else low
        if value is None:
            return None
        return cls(low, high, target_kind(sport, value))
