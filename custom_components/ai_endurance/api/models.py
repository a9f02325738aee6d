# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The models of the API, gathered: workouts, plans, sports and targets, pings, paces.

Each lives in a module of its own (:mod:`.workout`, :mod:`.sport`,
:mod:`.plan`, :mod:`.ping`, :mod:`.pace`); this list of names is the one the
package re-exports, so ``from .api import`` and ``from .api.models import``
offer the same.
"""

from .pace import PaceUnit, format_pace, pace_seconds
from .ping import FitFilePing
from .plan import WorkoutPlan
from .sport import Sport, Target, TargetKind, sport_of, target_kind
from .workout import INTERVAL_TYPES, STEP_FIELDS, Workout, WorkoutSteps, WorkoutType

__all__ = [
    "INTERVAL_TYPES",
    "STEP_FIELDS",
    "FitFilePing",
    "PaceUnit",
    "Sport",
    "Target",
    "TargetKind",
    "Workout",
    "WorkoutPlan",
    "WorkoutSteps",
    "WorkoutType",
    "format_pace",
    "pace_seconds",
    "sport_of",
    "target_kind",
]
