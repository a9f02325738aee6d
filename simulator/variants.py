# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""Schema variants of the `GET /o/future_workout_static/` answer.

The real schema is not public, so clients must tolerate several shapes. Each
function takes the workouts the endpoint would list (already filtered by
`startDate`) and returns the JSON body of one variant. The input is not
modified.

- `paginated`: a Django REST framework envelope `{"count", "next",
  "previous", "results"}` with absolute `next`/`previous` URLs.
- `steps_as_strings`: `steps` objects serialized as JSON strings (null stays
  null).
- `with_nulls`: the same workouts (same dates, same count) altered by position
  `i % 6`: 0 no `title`, extra fields `description: null` and `coach_note`;
  1 `title`, `id` null and no `user`; 2 `steps.stress` null, no
  `steps.is_long`, and `target_high` (endurance) or `target_on_low` (interval)
  null; 3 `steps.type` "Recovery" (unknown type) and an extra
  `steps.cadence_target`; 4 `steps.act_type` "Hike" (unknown activity);
  5 no `steps` key at all and an extra `tags` list. Alterations of `steps`
  apply only where `steps` is an object; `date` is always kept.
- `wrong_shape`: a JSON object that is neither a list nor an envelope.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from yarl import URL

type Workout = dict[str, Any]


def steps_as_strings(workouts: list[Workout]) -> list[Workout]:
    """Return the workouts with every `steps` object as a JSON string."""
    return [
        {**w, "steps": json.dumps(w["steps"])}
        if isinstance(w.get("steps"), dict)
        else w
        for w in workouts
    ]


def _alter_steps(steps: dict[str, Any], case: int) -> None:
    if case == 2:
        steps["stress"] = None
        steps.pop("is_long", None)
        if steps.get("type") == "Endurance":
            steps["target_high"] = None
        else:
            steps["target_on_low"] = None
    elif case == 3:
        steps["type"] = "Recovery"
        steps["cadence_target"] = 90
    elif case == 4:
        steps["act_type"] = "Hike"


def _alter(workout: Workout, position: int) -> Workout:
    result = copy.deepcopy(workout)
    case = position % 6
    if case == 0:
        result.pop("title", None)
        result["description"] = None
        result["coach_note"] = "Keep it conversational."
    elif case == 1:
        result["title"] = None
        result["id"] = None
        result.pop("user", None)
    elif case == 5:
        result.pop("steps", None)
        result["tags"] = ["indoor"]
    elif isinstance(result.get("steps"), dict):
        _alter_steps(result["steps"], case)
    return result


def with_nulls(workouts: list[Workout]) -> list[Workout]:
    """Return the workouts with missing, null, unknown and extra fields."""
    return [_alter(w, i) for i, w in enumerate(workouts)]


def wrong_shape(workouts: list[Workout]) -> dict[str, Any]:
    """Return a JSON object that is neither a list nor a paginated envelope."""
    return {"status": "ok", "data": {"workouts": len(workouts)}}


def paginated(
    workouts: list[Workout], *, page: int, page_size: int, url: URL
) -> dict[str, Any] | None:
    """Return page `page` (1-based) of the workouts in an envelope.

    `url` is the absolute URL of the request; `next` and `previous` are that
    URL with `page` (and `page_size`) replaced, so other query parameters
    such as `startDate` are kept. Return None when the page does not exist
    (the endpoint answers 404, like Django REST framework).
    """
    count = len(workouts)
    pages = max(1, -(-count // page_size))
    if page < 1 or page > pages:
        return None
    start = (page - 1) * page_size

    def link(number: int) -> str:
        return str(url.update_query(page=number, page_size=page_size))

    return {
        "count": count,
        "next": link(page + 1) if page < pages else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": workouts[start : start + page_size],
    }
