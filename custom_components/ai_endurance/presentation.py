# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""What a person sees of a workout, built once per workout and day.

Pure module, no Home Assistant import. The sensors, the calendar, the event
entity, the picture and the workout runner all read the same views, in the
language of the :class:`Phrases` they were built with (``texts.py`` loads
them from the integration's translations) and in metric or imperial units.
:class:`PlanViews` builds each view once, when first asked for.

Targets: a pace target is a speed band in m/s, so its upper bound is the
faster pace, printed first ("4:01-4:17 /km", with an en dash), and an upper
bound alone reads "5:07 /km or slower". Runs and rides per km or mile, swims
per 100 m or 100 yd; power in W.

Picture labels (:attr:`DayView.labels`, every key always present, "" where
it does not apply): ``date`` ("Wed 25 Nov 2026"), ``title`` (the main
workout's summary, or "Rest day"), ``subtitle`` (date, stress, title, "+1
more today"), ``rest_day``, ``next`` ("Next: Run · Tempo · 50 min", or "No
workout planned"), ``next_date``, ``no_steps``, ``no_steps_hint``, ``zone``
("Zone") and ``min`` (the time axis' unit).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
import math
from typing import Final

from .api import Target, TargetKind, Workout, WorkoutPlan, WorkoutType
from .workout_structure import Block, BlockKind, Zone, workout_blocks

SEPARATOR: Final = " · "
DASH: Final = "\u2013"  # en dash
SHORT_DURATION: Final = 600
"""Seconds: shorter durations are shown to the second (short intervals matter)."""

PACE_DISTANCES: Final[dict[tuple[bool, bool], tuple[str, float]]] = {
    # (imperial, swim): unit shown, metres
    (False, False): ("/km", 1000.0),
    (True, False): ("/mi", 1609.344),
    (False, True): ("/100 m", 100.0),
    (True, True): ("/100 yd", 91.44),
}
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MONTHS: Final = (
    *("jan", "feb", "mar", "apr", "may", "jun"),
    *("jul", "aug", "sep", "oct", "nov", "dec"),
)
SPORTS: Final = frozenset({"run", "ride", "swim"})
"""Sports named by a phrase; other activities show their own name."""


@dataclass(frozen=True, slots=True)
class Phrases:
    """Translated phrase templates by key, with ``{placeholder}`` fields.

    The keys are those of ``common`` in strings.json. A missing key reads as
    the key itself rather than failing: Home Assistant already falls back to
    the English text of a key a translation lacks.
    """

    templates: Mapping[str, str] = field(default_factory=dict)

    def __call__(self, key: str, /, **values: object) -> str:
        """Return the phrase ``key`` with its placeholders filled in."""
        return self.templates.get(key, key).format(**values)


@dataclass(frozen=True, slots=True)
class StructureLine:
    """One line of a workout's structure and the zone the picture draws it in."""

    zone: Zone
    text: str


@dataclass(frozen=True, slots=True)
class BlockView:
    """One block of a workout as shown: label, duration, zone and target text."""

    kind: BlockKind
    label: str
    duration: int
    """Seconds."""
    zone: Zone
    repeat: int | None
    """1-based repeat of "on" and "off" blocks."""
    repeats: int | None
    """How many repeats the workout has ("on" and "off" blocks)."""
    target: Target | None
    """Native units: m/s or W."""
    target_text: str | None


@dataclass(frozen=True, slots=True)
class WorkoutView:
    """A workout as shown: summary, structure, description, blocks."""

    workout: Workout
    summary: str
    """"Run · Tempo · 50 min"; a swim without steps is just "Swim"."""
    lines: tuple[str, ...]
    """The structure, one line per part, repeats on one line."""
    description: str
    """The calendar description: title, structure, total and stress."""
    blocks: tuple[BlockView, ...]
    main_target_text: str | None
    structure: tuple[StructureLine, ...] = ()
    """``lines`` with their zones."""
    title: str | None = None
    """The workout's title when it says more than the summary."""


@dataclass(frozen=True, slots=True)
class DayView:
    """A day as shown: its workouts, main first, or the next workout day's main."""

    day: date
    workouts: tuple[WorkoutView, ...]
    """The day's workouts: the main one first, the others in the plan's order."""
    main: WorkoutView | None
    """None on a rest day."""
    next: WorkoutView | None
    """The next workout day's main workout, on rest days only."""
    labels: Mapping[str, str]
    """Translated picture labels (see the module's docstring)."""


def format_duration(seconds: float, phrases: Phrases) -> str:
    """Return "45 s", "1 min 30 s", "50 min", "1 h", "1 h 30 min" (translated).

    Under 10 minutes to the second, else to the minute.
    """
    seconds = round(seconds)
    if seconds < SHORT_DURATION:
        minutes, rest = divmod(seconds, 60)
        if not minutes:
            return phrases("duration_seconds", seconds=rest)
        if not rest:
            return phrases("duration_minutes", minutes=minutes)
        return phrases("duration_minutes_seconds", minutes=minutes, seconds=rest)
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return phrases("duration_minutes", minutes=minutes)
    if not minutes:
        return phrases("duration_hours", hours=hours)
    return phrases("duration_hours_minutes", hours=hours, minutes=minutes)


def format_clock(seconds: float) -> str:
    """Return "4:05", or "1:02:03" from an hour on (paces, rounded to the second)."""
    minutes, secs = divmod(round(seconds), 60)
    if minutes >= 60:  # noqa: PLR2004
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _pace(mps: float | None, meters: float) -> str | None:
    """Return the time per ``meters`` at ``mps``; None without a usable speed."""
    if mps is None or not math.isfinite(mps) or mps <= 0:
        return None
    return format_clock(meters / mps)


def format_pace(mps: float | None, *, imperial: bool, swim: bool = False) -> str | None:
    """Return one pace with its unit, "4:50 /km"; None without a usable speed."""
    unit, meters = PACE_DISTANCES[imperial, swim]
    pace = _pace(mps, meters)
    return None if pace is None else f"{pace} {unit}"


def _watts(watts: float | None) -> str | None:
    return None if watts is None else str(round(watts))


def format_target(
    target: Target | None, phrases: Phrases, *, imperial: bool, swim: bool = False
) -> str | None:
    """Return a target as an athlete reads it; None without a usable bound.

    Pace: "4:01-4:17 /km" (faster first), "6:28-6:54 /mi", "5:07 /km or
    slower" (upper speed only), "4:50 /km or faster" (lower only); swims per
    100 m or 100 yd. Power: "250-265 W", "up to 200 W", "400 W or more".
    """
    if target is None:
        return None
    if target.kind is TargetKind.POWER:
        easy, hard, unit = _watts(target.low), _watts(target.high), "W"
        fast_first = False
        only_hard, only_easy = "target_up_to", "target_or_more"
    else:
        unit, meters = PACE_DISTANCES[imperial, swim]
        easy, hard = _pace(target.low, meters), _pace(target.high, meters)
        fast_first = True
        only_hard, only_easy = "target_or_slower", "target_or_faster"
    if easy is not None and hard is not None:
        first, second = (hard, easy) if fast_first else (easy, hard)
        return f"{first} {unit}" if first == second else f"{first}{DASH}{second} {unit}"
    if hard is not None:
        return phrases(only_hard, value=f"{hard} {unit}")
    if easy is not None:
        return phrases(only_easy, value=f"{easy} {unit}")
    return None


def format_day(day: date, phrases: Phrases) -> str:
    """Return a date as shown on the picture: "Wed 25 Nov 2026" (translated)."""
    return phrases(
        "date",
        weekday=phrases(f"weekday_{WEEKDAYS[day.weekday()]}"),
        day=day.day,
        month=phrases(f"month_{MONTHS[day.month - 1]}"),
        year=day.year,
    )


class _Builder:
    """Builds the view of one workout in one language and unit system."""

    def __init__(self, workout: Workout, phrases: Phrases, *, imperial: bool) -> None:
        self.workout = workout
        self.phrases = phrases
        self.imperial = imperial
        self.swim = workout.sport == "swim"

    def target(self, target: Target | None) -> str | None:
        return format_target(
            target, self.phrases, imperial=self.imperial, swim=self.swim
        )

    def duration(self, seconds: float) -> str:
        return format_duration(seconds, self.phrases)

    def activity(self) -> str:
        workout = self.workout
        if workout.sport in SPORTS:
            return self.phrases(f"sport_{workout.sport}")
        return workout.activity or workout.title or self.phrases("sport_other")

    def workout_type(self) -> str | None:
        workout = self.workout
        if (known := workout.known_type) is None:
            return workout.workout_type or None
        if known is WorkoutType.ENDURANCE and workout.is_long:
            return self.phrases("type_long_endurance")
        return self.phrases(f"type_{known.value.lower()}")

    def summary(self) -> str:
        parts = [self.activity()]
        if type_label := self.workout_type():
            parts.append(type_label)
        if self.workout.duration:
            parts.append(self.duration(self.workout.duration))
        return SEPARATOR.join(parts)

    def label(self, kind: BlockKind) -> str:
        if kind is BlockKind.ENDURANCE and self.workout.is_long:
            return self.phrases("block_long_endurance")
        return self.phrases(f"block_{kind.value}")

    def at(self, text: str, target_text: str | None) -> str:
        if target_text is None:
            return text
        return self.phrases("line_at", text=text, target=target_text)

    def structure(self, blocks: tuple[BlockView, ...]) -> tuple[StructureLine, ...]:
        """Return one line per part; the repeats and their recovery on one line."""
        phrases = self.phrases
        offs = [block for block in blocks if block.kind is BlockKind.OFF]
        lines: list[StructureLine] = []
        for block in blocks:
            duration = self.duration(block.duration)
            if block.kind is BlockKind.OFF or block.repeat not in {None, 1}:
                continue
            if block.kind is not BlockKind.ON:
                text = phrases("line_block", name=block.label, duration=duration)
                lines.append(
                    StructureLine(block.zone, self.at(text, block.target_text))
                )
                continue
            text = phrases("line_intervals", repeats=block.repeats, duration=duration)
            text = self.at(text, block.target_text)
            if offs:
                easy = phrases(
                    "line_recovery", duration=self.duration(offs[0].duration)
                )
                text += f", {self.at(easy, offs[0].target_text)}"
            lines.append(StructureLine(block.zone, text))
        return tuple(lines)

    def title(self, summary: str) -> str | None:
        title = self.workout.title
        return (
            title if title and title not in {self.workout.activity, summary} else None
        )

    def totals(self) -> str | None:
        workout = self.workout
        stress = None if workout.stress is None else round(workout.stress)
        if workout.duration and stress is not None:
            duration = self.duration(workout.duration)
            return self.phrases("total_stress", duration=duration, stress=stress)
        if workout.duration:
            return self.phrases("total", duration=self.duration(workout.duration))
        if stress is not None:
            return self.phrases("stress", stress=stress)
        return None

    def block(self, block: Block, repeats: int) -> BlockView:
        repeated = block.repeat is not None
        return BlockView(
            kind=block.kind,
            label=self.label(block.kind),
            duration=block.duration,
            zone=block.zone,
            repeat=block.repeat,
            repeats=repeats if repeated else None,
            target=block.target,
            target_text=self.target(block.target),
        )

    def view(self) -> WorkoutView:
        blocks = workout_blocks(self.workout)
        repeats = sum(block.kind is BlockKind.ON for block in blocks)
        block_views = tuple(self.block(block, repeats) for block in blocks)
        summary = self.summary()
        structure = self.structure(block_views)
        title = self.title(summary)
        description = [title] if title else []
        description += [line.text for line in structure] or [
            self.phrases("no_steps_description")
        ]
        if totals := self.totals():
            description.append(totals)
        return WorkoutView(
            workout=self.workout,
            summary=summary,
            lines=tuple(line.text for line in structure),
            description="\n".join(description),
            blocks=block_views,
            main_target_text=self.target(self.workout.main_target),
            structure=structure,
            title=title,
        )


def workout_view(workout: Workout, phrases: Phrases, *, imperial: bool) -> WorkoutView:
    """Return what a person sees of ``workout``."""
    return _Builder(workout, phrases, imperial=imperial).view()


def day_labels(
    day: date,
    phrases: Phrases,
    workouts: tuple[WorkoutView, ...],
    next_view: WorkoutView | None,
) -> dict[str, str]:
    """Return the picture's labels of a day (see the module's docstring)."""
    date_text = format_day(day, phrases)
    rest_day = phrases("rest_day")
    title, subtitle = rest_day, date_text
    if workouts:
        main = workouts[0]
        title = main.summary
        parts = [date_text]
        if (stress := main.workout.stress) is not None:
            parts.append(phrases("stress_short", stress=round(stress)))
        if main.title:
            parts.append(main.title)
        if others := len(workouts) - 1:
            parts.append(phrases("more_today", count=others))
        subtitle = SEPARATOR.join(parts)
    return {
        "date": date_text,
        "title": title,
        "subtitle": subtitle,
        "rest_day": rest_day,
        "next": phrases("no_workout")
        if next_view is None
        else phrases("next", summary=next_view.summary),
        "next_date": ""
        if next_view is None
        else format_day(next_view.workout.date, phrases),
        "no_steps": phrases("no_steps"),
        "no_steps_hint": phrases("no_steps_hint"),
        "zone": phrases("zone"),
        "min": phrases("minutes_axis"),
    }


class PlanViews:
    """The views of one plan in one language and unit system, each built once.

    Holders (the coordinator) keep one per plan, phrases and unit system and
    make a new one when any of them changes, so a view is never stale.
    """

    def __init__(self, plan: WorkoutPlan, phrases: Phrases, *, imperial: bool) -> None:
        """Hold the views of ``plan``; none is built yet."""
        self.plan = plan
        self.phrases = phrases
        self.imperial = imperial
        self._workouts: dict[Workout, WorkoutView] = {}
        self._days: dict[date, DayView] = {}

    def serves(self, plan: WorkoutPlan, phrases: Phrases, *, imperial: bool) -> bool:
        """Tell whether these views are those of ``plan``, ``phrases`` and units."""
        return (
            plan is self.plan and phrases is self.phrases and imperial == self.imperial
        )

    def workout(self, workout: Workout) -> WorkoutView:
        """Return the view of a workout (of this plan or any other)."""
        if (view := self._workouts.get(workout)) is None:
            view = workout_view(workout, self.phrases, imperial=self.imperial)
            self._workouts[workout] = view
        return view

    def day(self, day: date) -> DayView:
        """Return the view of a day: its workouts, or the next on a rest day."""
        if (view := self._days.get(day)) is None:
            workouts = self.plan.on(day)
            if main := self.plan.main_on(day):
                workouts.remove(main)
                workouts.insert(0, main)
            views = tuple(self.workout(workout) for workout in workouts)
            next_workout = None if workouts else self.plan.next_after(day)
            next_view = None if next_workout is None else self.workout(next_workout)
            view = DayView(
                day=day,
                workouts=views,
                main=views[0] if views else None,
                next=next_view,
                labels=day_labels(day, self.phrases, views, next_view),
            )
            self._days[day] = view
        return view
