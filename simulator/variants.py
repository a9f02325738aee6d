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

The wider reading (field names and forms AI Endurance uses elsewhere); each
gives the client the same plan as the documented shape:

- `aliases`: `workout_id` for `id`; `steps.act_type` moved to a top-level
  `act_type` and `steps.duration` to a top-level `duration_seconds`.
- `datetime_dates`: `date` as an ISO date-time of that day, by position
  `i % 4`: midnight UTC (`Z`), `+14:00`, `-08:00`, no zone.
- `string_numbers`: every number (ids, `user`, numbers in `steps`) a string.
- `envelope_workouts`, `envelope_data`: the list under `workouts` or `data`.

And one no client can read: `unknown_date_key`, the date under a key nobody
documents (`scheduled_day`), so no workout has a readable date.
"""

from __future__ import annotations

from collections.abc import Callable
import copy
import json
from typing import Any, Final

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


def aliases(workouts: list[Workout]) -> list[Workout]:
    """Return the workouts under the names of AI Endurance's MCP server."""
    result = []
    for workout in workouts:
        item = {("workout_id" if key == "id" else key): v for key, v in workout.items()}
        if isinstance(steps := item.get("steps"), dict):
            steps = dict(steps)
            if "act_type" in steps:
                item["act_type"] = steps.pop("act_type")
            if "duration" in steps:
                item["duration_seconds"] = steps.pop("duration")
            item["steps"] = steps
        result.append(item)
    return result


_TIMES: Final = ("T00:00:00Z", "T06:30:00+14:00", "T23:30:00-08:00", "T07:15:00")


def datetime_dates(workouts: list[Workout]) -> list[Workout]:
    """Return the workouts with ISO date-times of their day as `date`."""
    return [
        {**w, "date": f"{w['date']}{_TIMES[i % len(_TIMES)]}"}
        for i, w in enumerate(workouts)
    ]


def _numbers_as_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _numbers_as_strings(v) for key, v in value.items()}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def string_numbers(workouts: list[Workout]) -> list[Workout]:
    """Return the workouts with every number sent as a string."""
    return [_numbers_as_strings(w) for w in workouts]


def envelope_workouts(workouts: list[Workout]) -> dict[str, Any]:
    """Return the workouts under a `workouts` key."""
    return {"workouts": workouts}


def envelope_data(workouts: list[Workout]) -> dict[str, Any]:
    """Return the workouts under a `data` key."""
    return {"data": workouts}


def unknown_date_key(workouts: list[Workout]) -> list[Workout]:
    """Return the workouts with `date` renamed `scheduled_day`."""
    return [
        {("scheduled_day" if key == "date" else key): v for key, v in w.items()}
        for w in workouts
    ]


BODIES: Final[dict[str, Callable[[list[Workout]], Any]]] = {
    "variant_steps_string": steps_as_strings,
    "variant_nulls": with_nulls,
    "variant_wrong_shape": wrong_shape,
    "variant_aliases": aliases,
    "variant_datetime_dates": datetime_dates,
    "variant_string_numbers": string_numbers,
    "variant_envelope_workouts": envelope_workouts,
    "variant_envelope_data": envelope_data,
    "variant_unknown_date_key": unknown_date_key,
}
"""The body of each variant fault but `variant_paginated`, by fault name."""
