# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The day's workout as an SVG picture: intensity against time, coloured by zone.

Pure functions, no Home Assistant import. SVG rather than PNG: it stays sharp
at any card size and pixel density, the browser draws the text with its own
fonts (Pillow would need a font file shipped with the integration), the bytes
are a few kilobytes of text built in well under a millisecond (no executor
needed) and tests can snapshot them as text.

Layout (800 x 450 user units, dark background so it reads the same in light
and dark themes): title (summary), subtitle (date, stress, title), the
chart (one bar per block, height by zone, targets above bars wide enough to
hold them, a time axis), and a legend with the structure lines and their
zone colours. Rest days and workouts without steps get their own picture.
"""

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from .api.models import PaceUnit, Sport, Workout
from .workout_structure import Block, BlockKind, Zone, workout_blocks
from .workout_text import (
    SEPARATOR,
    distinct_title,
    format_target,
    pace_units,
    structure_lines,
    workout_summary,
)

WIDTH = 800
HEIGHT = 450
LEFT = 32
RIGHT = WIDTH - 32
CHART_TOP = 130
BASELINE = 290
LEGEND_TOP = 345
LEGEND_STEP = 26
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"
CHAR_WIDTH = 0.56  # average glyph width per font size, to decide if a label fits

BACKGROUND = "#111827"
TEXT = "#f9fafb"
MUTED = "#9ca3af"
AXIS = "#4b5563"
NO_STEPS = "#4b5563"

ZONE_COLOURS: dict[Zone, str] = {
    Zone.RECOVERY: "#94a3b8",
    Zone.ENDURANCE: "#38bdf8",
    Zone.TEMPO: "#4ade80",
    Zone.THRESHOLD: "#facc15",
    Zone.VO2MAX: "#fb923c",
    Zone.ANAEROBIC: "#f87171",
}
ZONE_HEIGHTS: dict[Zone, float] = {
    Zone.RECOVERY: 0.3,
    Zone.ENDURANCE: 0.45,
    Zone.TEMPO: 0.6,
    Zone.THRESHOLD: 0.75,
    Zone.VO2MAX: 0.9,
    Zone.ANAEROBIC: 1.0,
}
TICK_STEPS = (5, 10, 15, 20, 30, 60, 120)  # minutes
MAX_TICKS = 8
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def format_day(day: date) -> str:
    """Return "Tue 14 Oct 2025" (English, independent of the system locale)."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def _num(value: float) -> str:
    """Return a coordinate with at most one decimal, without a trailing ".0"."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int,
    fill: str = TEXT,
    anchor: str = "start",
    weight: str | None = None,
) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{size}" fill="{fill}"'
        f' text-anchor="{anchor}"{weight_attr}>{escape(content)}</text>'
    )


def _fits(text: str, width: float, size: int) -> bool:
    return len(text) * size * CHAR_WIDTH <= width


def _tick_step(total_minutes: float) -> int:
    for step in TICK_STEPS:
        if total_minutes / step <= MAX_TICKS:
            return step
    return TICK_STEPS[-1] * (int(total_minutes / TICK_STEPS[-1] / MAX_TICKS) + 1)


def _tick_label(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}"


def _document(label: str, body: list[str]) -> str:
    return "\n".join(
        [
            (
                f'<svg xmlns="http://www.w3.org/2000/svg"'
                f' viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}"'
                f' role="img" aria-label={quoteattr(label)}'
                f" font-family={quoteattr(FONT)}>"
            ),
            f"<title>{escape(label)}</title>",
            f'<rect width="{WIDTH}" height="{HEIGHT}" rx="16" fill="{BACKGROUND}"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _header(title: str, subtitle: str) -> list[str]:
    return [
        _text(LEFT, 52, title, size=30, weight="700"),
        _text(LEFT, 84, subtitle, size=18, fill=MUTED),
    ]


def _subtitle(day: date, workout: Workout, others: int) -> str:
    parts = [format_day(day)]
    if workout.stress is not None:
        parts.append(f"{round(workout.stress)} ESS")
    if title := distinct_title(workout):
        parts.append(title)
    if others:
        parts.append(f"+{others} more today")
    return SEPARATOR.join(parts)


def _bars(blocks: Sequence[Block], unit: PaceUnit) -> list[str]:
    """Return the bars, their target labels and the time axis.

    A label stands above its bar when it fits the bar's width; the repeats
    share one label centred over all of them, the recoveries between them
    have none (the legend lists every target).
    """
    total = sum(block.duration for block in blocks)
    scale = (RIGHT - LEFT) / total
    height = BASELINE - CHART_TOP
    body: list[str] = []
    spans: dict[BlockKind, tuple[float, float, float, str | None]] = {}
    start = 0
    for block in blocks:
        x = LEFT + start * scale
        width = block.duration * scale
        bar_height = height * ZONE_HEIGHTS[block.zone]
        top = BASELINE - bar_height
        body.append(
            f'<rect x="{_num(x)}" y="{_num(top)}" width="{_num(width)}"'
            f' height="{_num(bar_height)}" fill="{ZONE_COLOURS[block.zone]}"'
            f' stroke="{BACKGROUND}" stroke-width="1.5"/>'
        )
        start += block.duration
        if block.kind is BlockKind.OFF:
            continue
        if block.kind is BlockKind.ON and BlockKind.ON in spans:
            first_x, _, first_top, target = spans[BlockKind.ON]
            spans[BlockKind.ON] = (first_x, x + width, first_top, target)
        else:
            # Kinds other than "on" occur once: each gets its own span.
            spans[block.kind] = (x, x + width, top, format_target(block.target, unit))
    for left, right, top, target in spans.values():
        if target and _fits(target, right - left, 15):
            body.append(
                _text((left + right) / 2, top - 8, target, size=15, anchor="middle")
            )
    return body + _axis(total / 60)


def _baseline() -> str:
    return (
        f'<line x1="{LEFT}" y1="{BASELINE}" x2="{RIGHT}" y2="{BASELINE}"'
        f' stroke="{AXIS}" stroke-width="2"/>'
    )


def _axis(total_minutes: float) -> list[str]:
    body = [_baseline()]
    step = _tick_step(total_minutes)
    scale = (RIGHT - LEFT) / total_minutes
    minute = 0
    while minute <= total_minutes:
        x = LEFT + minute * scale
        anchor = "start" if minute == 0 else "middle"
        if x > RIGHT - 20:
            anchor = "end"
        body.append(
            _text(
                x,
                BASELINE + 22,
                _tick_label(minute),
                size=14,
                fill=MUTED,
                anchor=anchor,
            )
        )
        minute += step
    return body


def _legend(workout: Workout, unit: PaceUnit) -> list[str]:
    body: list[str] = []
    for index, line in enumerate(structure_lines(workout, (unit,))):
        y = LEGEND_TOP + index * LEGEND_STEP
        body.append(
            f'<rect x="{LEFT}" y="{y - 13}" width="14" height="14" rx="3"'
            f' fill="{ZONE_COLOURS[line.zone]}"/>'
        )
        body.append(_text(LEFT + 24, y, line.text, size=17))
    return body


def _no_steps(workout: Workout) -> list[str]:
    activity = "workout" if workout.sport is Sport.OTHER else workout.sport.value
    height = (BASELINE - CHART_TOP) * ZONE_HEIGHTS[Zone.ENDURANCE]
    top = BASELINE - height
    return [
        (
            f'<rect x="{LEFT}" y="{_num(top)}" width="{RIGHT - LEFT}"'
            f' height="{_num(height)}" rx="8" fill="{NO_STEPS}"/>'
        ),
        _text(
            (LEFT + RIGHT) / 2,
            top + height / 2 + 7,
            "No structured steps in the plan",
            size=20,
            anchor="middle",
        ),
        _text(
            LEFT,
            LEGEND_TOP,
            f"See AI Endurance for the details of this {activity}.",
            size=17,
            fill=MUTED,
        ),
    ]


def render_rest_day(day: date, next_workout: Workout | None) -> str:
    """Return the picture of a day without a workout."""
    body = _header("Rest day", format_day(day))
    body.append(_baseline())
    if next_workout is None:
        body.append(
            _text(WIDTH / 2, 220, "No workout planned", size=24, anchor="middle")
        )
    else:
        body.append(
            _text(
                WIDTH / 2,
                205,
                f"Next: {workout_summary(next_workout)}",
                size=24,
                anchor="middle",
            )
        )
        body.append(
            _text(
                WIDTH / 2,
                240,
                format_day(next_workout.date),
                size=18,
                fill=MUTED,
                anchor="middle",
            )
        )
    return _document(f"Rest day, {format_day(day)}", body)


def render_workout(
    day: date, workout: Workout, *, others: int = 0, unit: PaceUnit = "km"
) -> str:
    """Return the picture of a workout; `others`: further workouts that day."""
    summary = workout_summary(workout)
    unit = pace_units(workout, (unit,))[0]
    body = _header(summary, _subtitle(day, workout, others))
    if blocks := workout_blocks(workout):
        body += _bars(blocks, unit)
        body += _legend(workout, unit)
    else:
        body += _no_steps(workout)
    return _document(f"{summary}, {format_day(day)}", body)


def render_day(
    day: date,
    workouts: Sequence[Workout],
    next_workout: Workout | None,
    unit: PaceUnit = "km",
) -> str:
    """Return the picture of a day: its main workout (first) or a rest day."""
    if not workouts:
        return render_rest_day(day, next_workout)
    return render_workout(day, workouts[0], others=len(workouts) - 1, unit=unit)
