# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""A deterministic, realistic AI Endurance training plan.

`generate_plan` builds the `Future_Workout_Static` objects of one athlete for
`days` days from `start`. What a given date holds depends only on the seed, the
athlete and the date (never on `start`), so plans that overlap agree.

Structure: a weekly template per athlete (rest days, runs, rides, swims, two
workouts on some days, a long session), three build weeks then one recovery
week (intervals become endurance, volume x 0.7). Interval types rotate through
Tempo, Threshold, VO2Max and Anaerobic per sport, so any four build weeks hold
all of them. Runs target pace (m/s) except every third date, which targets
running power (W); rides target power (W); swims have no steps.

Units follow the Partner API: durations in seconds (multiples of 60), targets
in m/s or W, stress in ESS where 100 ESS is one hour at threshold intensity:
`stress = sum(seconds / 3600 * IF**2 * 100)` over the workout's segments, with
the intensity factors in `INTENSITY`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
import random
from typing import Any, Final, Literal

type Sport = Literal["Run", "Ride", "Swim"]
type SessionKind = Literal["interval", "easy", "long", "swim"]
type Workout = dict[str, Any]

WORKOUT_TYPES: Final = ("Endurance", "Tempo", "Threshold", "VO2Max", "Anaerobic")
"""The five workout types of the Partner API."""
INTERVAL_TYPES: Final = WORKOUT_TYPES[1:]

INTENSITY: Final[dict[str, float]] = {
    "Endurance": 0.72,
    "Long": 0.70,
    "Tempo": 0.86,
    "Threshold": 1.00,
    "VO2Max": 1.10,
    "Anaerobic": 1.20,
    "warmup": 0.68,
    "off": 0.55,
    "cooldown": 0.60,
    "add_endurance": 0.72,
}
"""Intensity factor (fraction of threshold) of each segment, for stress."""

type Zone = tuple[float | None, float]

RUN_ZONES: Final[dict[str, Zone]] = {
    "Endurance": (0.75, 0.88),
    "Tempo": (0.88, 0.94),
    "Threshold": (0.97, 1.02),
    "VO2Max": (1.05, 1.12),
    "Anaerobic": (1.15, 1.28),
    "recovery": (None, 0.80),
}
"""Running zones as fractions of threshold pace or threshold running power."""

RIDE_ZONES: Final[dict[str, Zone]] = {
    "Endurance": (0.56, 0.75),
    "Tempo": (0.76, 0.90),
    "Threshold": (0.91, 1.05),
    "VO2Max": (1.06, 1.20),
    "Anaerobic": (1.21, 1.50),
    "recovery": (None, 0.55),
}
"""Cycling zones as fractions of FTP."""


@dataclass(frozen=True, slots=True)
class Session:
    """One slot of the weekly template."""

    sport: Sport
    kind: SessionKind


@dataclass(frozen=True, slots=True)
class AthleteProfile:
    """Thresholds and weekly template of one athlete."""

    athlete_id: str
    run_pace: float
    """Threshold running pace in m/s."""
    run_power: int
    """Threshold running power in W."""
    ride_power: int
    """Functional threshold power on the bike in W."""
    week: tuple[tuple[Session, ...], ...]
    """Sessions of Monday .. Sunday; an empty tuple is a rest day."""


_RUN_INTERVAL = Session("Run", "interval")
_RUN_EASY = Session("Run", "easy")
_RUN_LONG = Session("Run", "long")
_RIDE_INTERVAL = Session("Ride", "interval")
_RIDE_EASY = Session("Ride", "easy")
_RIDE_LONG = Session("Ride", "long")
_SWIM = Session("Swim", "swim")

PROFILES: Final[dict[str, AthleteProfile]] = {
    # Alex Runner: a runner who cross-trains.
    "1": AthleteProfile(
        athlete_id="1",
        run_pace=3.70,
        run_power=290,
        ride_power=220,
        week=(
            (),
            (_RUN_INTERVAL,),
            (_RIDE_EASY, _SWIM),
            (_RUN_INTERVAL,),
            (),
            (_RIDE_INTERVAL, _RUN_EASY),
            (_RUN_LONG,),
        ),
    ),
    # Sam Rider: a triathlete with a cycling focus.
    "2": AthleteProfile(
        athlete_id="2",
        run_pace=3.30,
        run_power=250,
        ride_power=265,
        week=(
            (),
            (_RIDE_INTERVAL,),
            (_RUN_EASY, _SWIM),
            (_RIDE_INTERVAL,),
            (_SWIM,),
            (_RIDE_LONG,),
            (_RUN_INTERVAL, _RIDE_EASY),
        ),
    ),
}
"""Profiles of the simulator's athletes ("1" and "2")."""

# Interval structure per type: repeats, minutes on (run, ride), minutes off.
_INTERVALS: Final[dict[str, tuple[range, range, range, range]]] = {
    "Tempo": (range(2, 4), range(8, 16), range(12, 21), range(3, 6)),
    "Threshold": (range(3, 6), range(6, 11), range(8, 16), range(2, 4)),
    "VO2Max": (range(4, 7), range(3, 6), range(3, 6), range(2, 5)),
    "Anaerobic": (range(6, 11), range(1, 2), range(1, 2), range(2, 4)),
}

_RECOVERY_FACTOR: Final = 0.7


def stress_of(segments: list[tuple[int, str]]) -> int:
    """Return the ESS of `(seconds, intensity key)` segments, rounded."""
    total = sum(seconds / 3600 * INTENSITY[key] ** 2 * 100 for seconds, key in segments)
    return round(total)


def workout_id(athlete_id: str, day: date, slot: int) -> int:
    """Return the stable id of the workout in `slot` of `day`."""
    return int(athlete_id) * 10_000_000 + day.toordinal() * 10 + slot


def training_week(day: date) -> tuple[int, bool]:
    """Return the build-week index of `day`'s week and whether it is recovery.

    Weeks count from the proleptic Monday of ordinal 1; every fourth week is a
    recovery week. Build weeks are numbered consecutively, skipping recovery.
    """
    week = (day.toordinal() - 1) // 7
    block, position = divmod(week, 4)
    return block * 3 + min(position, 2), position == 3


def generate_plan(athlete_id: str, start: date, days: int, seed: int) -> list[Workout]:
    """Return the workouts of `athlete_id` from `start` for `days` days.

    Sorted by date, then slot; rest days have no entry.
    """
    profile = PROFILES[athlete_id]
    workouts: list[Workout] = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        workouts.extend(_day_workouts(profile, day, seed))
    return workouts


def _day_workouts(profile: AthleteProfile, day: date, seed: int) -> list[Workout]:
    build_week, recovery = training_week(day)
    sessions = profile.week[day.weekday()]
    result: list[Workout] = []
    for slot, session in enumerate(sessions):
        rng = random.Random(f"{seed}:{profile.athlete_id}:{day.isoformat()}:{slot}")
        steps: dict[str, Any] | None
        if session.kind == "swim":
            minutes = rng.choice((30, 40, 45, 50, 60))
            if recovery:
                minutes = 30
            title = f"{rng.choice(('Swim', 'Technique Swim', 'Endurance Swim'))}"
            title = f"{title} {minutes} min"
            steps = None
        else:
            kind = session.kind
            if recovery and kind != "easy":
                kind = "easy"
            if kind == "interval":
                workout_type = _interval_type(
                    profile, session, day.weekday(), build_week
                )
                steps = _interval_steps(profile, session.sport, workout_type, day, rng)
            else:
                steps = _endurance_steps(profile, session.sport, kind, day, rng)
                if recovery:
                    steps = _shorten(steps)
            title = _title(steps)
        result.append(
            {
                "id": workout_id(profile.athlete_id, day, slot),
                "date": day.isoformat(),
                "title": title,
                "user": int(profile.athlete_id),
                "steps": steps,
            }
        )
    return result


def _interval_type(
    profile: AthleteProfile, session: Session, weekday: int, build_week: int
) -> str:
    """Return the interval type of `session` on `weekday` of a build week.

    The k-th interval session of a sport in build week w gets type number
    `(w * sessions_per_week + k) % 4`: consecutive sessions rotate.
    """
    per_week = sum(day.count(session) for day in profile.week)
    rank = sum(day.count(session) for day in profile.week[:weekday])
    return INTERVAL_TYPES[(build_week * per_week + rank) % len(INTERVAL_TYPES)]


def _targets(
    profile: AthleteProfile, sport: Sport, day: date
) -> tuple[dict[str, Zone], float, bool]:
    """Return the zones, the threshold value and whether targets are power."""
    if sport == "Ride":
        return RIDE_ZONES, float(profile.ride_power), True
    if day.toordinal() % 3 == 0:
        return RUN_ZONES, float(profile.run_power), True
    return RUN_ZONES, profile.run_pace, False


def _value(fraction: float | None, threshold: float, *, power: bool) -> float | None:
    if fraction is None:
        return None
    if power:
        return float(round(fraction * threshold))
    return round(fraction * threshold, 4)


def _endurance_steps(
    profile: AthleteProfile,
    sport: Sport,
    kind: SessionKind,
    day: date,
    rng: random.Random,
) -> dict[str, Any]:
    zones, threshold, power = _targets(profile, sport, day)
    is_long = kind == "long"
    if sport == "Run":
        minutes = rng.randrange(90, 151, 5) if is_long else rng.randrange(35, 71, 5)
    else:
        minutes = rng.randrange(150, 241, 15) if is_long else rng.randrange(60, 121, 15)
    duration = minutes * 60
    low, high = zones["Endurance"]
    steps: dict[str, Any] = {
        "act_type": sport,
        "type": "Endurance",
        "duration": duration,
        "stress": stress_of([(duration, "Long" if is_long else "Endurance")]),
        "is_long": is_long,
        "target_high": _value(high, threshold, power=power),
    }
    if rng.random() < 0.5:
        steps["target_low"] = _value(low, threshold, power=power)
    return steps


def _shorten(steps: dict[str, Any]) -> dict[str, Any]:
    """Return endurance `steps` at recovery-week volume."""
    duration = max(1800, round(steps["duration"] * _RECOVERY_FACTOR / 300) * 300)
    return {
        **steps,
        "duration": duration,
        "stress": stress_of([(duration, "Endurance")]),
        "is_long": False,
    }


def _interval_steps(
    profile: AthleteProfile,
    sport: Sport,
    workout_type: str,
    day: date,
    rng: random.Random,
) -> dict[str, Any]:
    zones, threshold, power = _targets(profile, sport, day)
    repeats_range, run_on, ride_on, off_range = _INTERVALS[workout_type]
    repeats = rng.choice(repeats_range)
    duration_on = rng.choice(run_on if sport == "Run" else ride_on) * 60
    duration_off = rng.choice(off_range) * 60
    duration_warmup = rng.choice(range(10, 21, 5) if sport == "Run" else (15, 20)) * 60
    duration_cooldown = rng.choice((10, 12, 15)) * 60
    duration_add = 0 if rng.random() < 0.6 else rng.choice((10, 15, 20, 30)) * 60
    stress = stress_of(
        [
            (duration_warmup, "warmup"),
            (repeats * duration_on, workout_type),
            (repeats * duration_off, "off"),
            (duration_add, "add_endurance"),
            (duration_cooldown, "cooldown"),
        ]
    )
    endurance_high = _value(zones["Endurance"][1], threshold, power=power)
    recovery_high = _value(zones["recovery"][1], threshold, power=power)
    on_low, on_high = zones[workout_type]
    return {
        "act_type": sport,
        "type": workout_type,
        "stress": stress,
        "is_long": False,
        "repeats": repeats,
        "duration_warmup": duration_warmup,
        "duration_cooldown": duration_cooldown,
        "duration_on": duration_on,
        "duration_off": duration_off,
        "duration_add_endurance": duration_add,
        "target_off_low": None,
        "target_off_high": recovery_high,
        "target_warmup_low": None,
        "target_warmup_high": endurance_high,
        "target_cooldown_low": None,
        "target_cooldown_high": recovery_high,
        "target_add_endurance_low": None,
        "target_add_endurance_high": endurance_high,
        "target_on_low": _value(on_low, threshold, power=power),
        "target_on_high": _value(on_high, threshold, power=power),
    }


def steps_duration(steps: dict[str, Any]) -> int:
    """Return the total seconds of `steps` (endurance or interval)."""
    if steps.get("type") == "Endurance":
        return int(steps["duration"])
    return int(
        steps["duration_warmup"]
        + steps["repeats"] * (steps["duration_on"] + steps["duration_off"])
        + steps["duration_add_endurance"]
        + steps["duration_cooldown"]
    )


def _format_minutes(seconds: int) -> str:
    minutes = seconds // 60
    if minutes < 90:
        return f"{minutes} min"
    return f"{minutes // 60}:{minutes % 60:02d} h"


def _title(steps: dict[str, Any]) -> str:
    sport = steps["act_type"]
    if steps["type"] == "Endurance":
        label = "Long" if steps["is_long"] else "Endurance"
        return f"{label} {sport} {_format_minutes(steps['duration'])}"
    on_minutes = steps["duration_on"] // 60
    return f"{steps['type']} {sport} {steps['repeats']} x {on_minutes} min"


# Demonstrations: the workout runner needs an interval workout today.


def interval_shift(
    workouts: list[Workout], day: date, sport: Sport | None
) -> int | None:
    """Return the days to shift a plan by so that an interval workout is on `day`.

    The earliest interval workout on or after `day` (of `sport`, or a run
    before a ride when no sport is given) moves there; without one ahead,
    the latest before. None when the plan has no interval workout at all.
    """

    def rank_of(workout: Workout) -> int | None:
        steps = workout.get("steps")
        if not isinstance(steps, dict) or not steps.get("repeats"):
            return None
        act_type = steps.get("act_type")
        if sport is not None and act_type != sport:
            return None
        return 0 if act_type == "Run" else 1

    ranked = [
        (rank, day_of)
        for w in workouts
        if (rank := rank_of(w)) is not None and (day_of := _date(w.get("date")))
    ]
    ahead = sorted((rank, day_of) for rank, day_of in ranked if day_of >= day)
    if ahead:
        return (day - ahead[0][1]).days
    if ranked:
        return (day - max(day_of for _, day_of in ranked)).days
    return None


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


ONE_MINUTE: Final = 60


def one_minute_steps(workout: Workout) -> Workout:
    """Return `workout` with every step one minute long (stress and title to match).

    A demonstration of the workout runner: steps change every minute.
    Workouts without steps are returned as they are.
    """
    steps = workout.get("steps")
    if not isinstance(steps, dict) or steps.get("type") not in WORKOUT_TYPES:
        return workout
    if steps["type"] == "Endurance":
        short = {**steps, "duration": ONE_MINUTE}
        segments = [(ONE_MINUTE, "Endurance")]
    else:
        short = {
            **steps,
            **{
                key: ONE_MINUTE if steps[key] else 0
                for key in (
                    "duration_warmup",
                    "duration_on",
                    "duration_off",
                    "duration_add_endurance",
                    "duration_cooldown",
                )
            },
        }
        segments = [
            (short["duration_warmup"], "warmup"),
            (short["repeats"] * short["duration_on"], steps["type"]),
            (short["repeats"] * short["duration_off"], "off"),
            (short["duration_add_endurance"], "add_endurance"),
            (short["duration_cooldown"], "cooldown"),
        ]
    short["stress"] = stress_of(segments)
    return {**workout, "title": _title(short), "steps": short}
