# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The day's workout as a PNG picture: intensity against time, coloured by zone.

Pure module, no Home Assistant import. PNG because the mobile app attaches
only raster images to a notification. Every text comes from the
:class:`DayView` (translated labels, summaries, structure lines, target
texts); this module only lays them out.

The text is drawn with DejaVu Sans shipped in ``fonts/``: the font Pillow
ships has no en dash, multiplication sign or umlauts, and system fonts differ
from one installation to the next. Loading the font and drawing are blocking
work for the executor; one lock keeps two renders from sharing a FreeType
face at once.

Layout (1000 x 500, dark background so it reads the same in light and dark
themes): title and subtitle; the chart (one bar per block, height and colour
by zone, the zone written in bars wide enough, targets above them, a time
axis in minutes); a legend with the structure lines in their zone colours.
A rest day shows the next workout and its chart; a workout without steps
says so.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
import threading
from typing import Final

from PIL import Image, ImageDraw, ImageFont

from .presentation import BlockView, DayView, WorkoutView
from .workout_structure import BlockKind, Zone

WIDTH: Final = 1000
HEIGHT: Final = 500
LEFT: Final = 40
RIGHT: Final = WIDTH - 40
FONT_PATH: Final = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"

BACKGROUND: Final = "#111827"
TEXT: Final = "#f9fafb"
MUTED: Final = "#9ca3af"
AXIS: Final = "#4b5563"
NO_STEPS: Final = "#374151"
ON_BAR: Final = "#111827"
"""Text written on a bar: every zone colour is light."""

ZONE_COLOURS: Final[dict[Zone, str]] = {
    Zone.RECOVERY: "#94a3b8",
    Zone.ENDURANCE: "#38bdf8",
    Zone.TEMPO: "#4ade80",
    Zone.THRESHOLD: "#facc15",
    Zone.VO2MAX: "#fb923c",
    Zone.ANAEROBIC: "#f87171",
}
ZONE_HEIGHTS: Final[dict[Zone, float]] = {
    Zone.RECOVERY: 0.3,
    Zone.ENDURANCE: 0.45,
    Zone.TEMPO: 0.6,
    Zone.THRESHOLD: 0.75,
    Zone.VO2MAX: 0.9,
    Zone.ANAEROBIC: 1.0,
}
TICK_STEPS: Final = (5, 10, 15, 20, 30, 60, 120)  # minutes
MAX_TICKS: Final = 8

TITLE_SIZE: Final = 36
SUBTITLE_SIZE: Final = 21
TARGET_SIZES: Final = (20, 16)
"""Sizes a target label above its bars may take, the first that fits."""
ZONE_SIZE: Final = 15
AXIS_SIZE: Final = 17
LEGEND_SIZE: Final = 19
LEGEND_TOP: Final = 386
LEGEND_STEP: Final = 28
ELLIPSIS: Final = "\u2026"

_RENDER_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class Chart:
    """Where bars go: the tallest bar reaches `top`, all stand on `baseline`."""

    top: int
    baseline: int


WORKOUT_CHART: Final = Chart(top=150, baseline=335)
NEXT_CHART: Final = Chart(top=270, baseline=415)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Return the picture's font in ``size`` pixels (read from disk once)."""
    return ImageFont.truetype(str(FONT_PATH), size)


def tick_step(total_minutes: float) -> int:
    """Return the minutes between two ticks: at most :data:`MAX_TICKS` ticks."""
    for step in TICK_STEPS:
        if total_minutes / step <= MAX_TICKS:
            return step
    return TICK_STEPS[-1] * (int(total_minutes / TICK_STEPS[-1] / MAX_TICKS) + 1)


def fit(text: str, size: int, width: float) -> str:
    """Return ``text``, shortened with an ellipsis to ``width`` pixels."""
    face = font(size)
    if face.getlength(text) <= width:
        return text
    while text and face.getlength(text + ELLIPSIS) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


class _Canvas:
    """One picture being drawn."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)

    def text(
        self,
        xy: tuple[float, float],
        text: str,
        size: int,
        *,
        fill: str = TEXT,
        anchor: str = "la",
        bold: bool = False,
    ) -> None:
        """Draw a line of text; ``bold`` thickens the strokes by one pixel."""
        self.draw.text(
            xy,
            text,
            font=font(size),
            fill=fill,
            anchor=anchor,
            stroke_width=1 if bold else 0,
            stroke_fill=fill,
        )

    def header(self, title: str, subtitle: str) -> None:
        """Draw the title and the subtitle, each cut to the picture's width."""
        self.text(
            (LEFT, 26), fit(title, TITLE_SIZE, RIGHT - LEFT), TITLE_SIZE, bold=True
        )
        self.text(
            (LEFT, 80),
            fit(subtitle, SUBTITLE_SIZE, RIGHT - LEFT),
            SUBTITLE_SIZE,
            fill=MUTED,
        )

    def bars(
        self, blocks: Sequence[BlockView], chart: Chart, labels: Mapping[str, str]
    ) -> None:
        """Draw the blocks as bars, their zones and targets, and the time axis."""
        total = sum(block.duration for block in blocks)
        scale = (RIGHT - LEFT) / total
        spans: dict[BlockKind, tuple[float, float, float, str | None]] = {}
        start = 0
        for block in blocks:
            left = LEFT + start * scale
            right = left + block.duration * scale
            top = (
                chart.baseline - (chart.baseline - chart.top) * ZONE_HEIGHTS[block.zone]
            )
            start += block.duration
            self.bar((left, top, right, chart.baseline), block.zone, labels["zone"])
            if block.kind is BlockKind.OFF:
                continue
            if block.kind is BlockKind.ON and BlockKind.ON in spans:
                first_left, _, first_top, target = spans[BlockKind.ON]
                spans[BlockKind.ON] = (first_left, right, first_top, target)
            else:
                # Kinds other than "on" occur once: each gets its own span.
                spans[block.kind] = (left, right, top, block.target_text)
        for left, right, top, target in spans.values():
            self.target(target, left, right, top)
        self.axis(total / 60, chart.baseline, labels["min"])

    def bar(
        self, box: tuple[float, float, float, int], zone: Zone, zone_label: str
    ) -> None:
        """Draw one bar (left, top, right, baseline), its zone inside if it fits.

        Two pixels on its right stay background: a gap to the next bar.
        """
        left, top, right, baseline = box
        self.draw.rectangle(
            (left, top, max(left, right - 2), baseline - 1), fill=ZONE_COLOURS[zone]
        )
        room = right - left - 8
        for text in (f"{zone_label} {zone.value}", str(zone.value)):
            if font(ZONE_SIZE).getlength(text) <= room:
                centre = (left + right - 2) / 2
                self.text(
                    (centre, baseline - 8), text, ZONE_SIZE, fill=ON_BAR, anchor="ms"
                )
                return

    def target(self, text: str | None, left: float, right: float, top: float) -> None:
        """Draw a target centred above its bars in the largest size that fits."""
        if not text:
            return
        for size in TARGET_SIZES:
            if font(size).getlength(text) <= right - left:
                self.text(((left + right) / 2, top - 10), text, size, anchor="ms")
                return

    def axis(self, total_minutes: float, baseline: int, unit: str) -> None:
        """Draw the base line and a tick every few minutes, the last with its unit."""
        self.draw.line((LEFT, baseline, RIGHT, baseline), fill=AXIS, width=2)
        step = tick_step(total_minutes)
        scale = (RIGHT - LEFT) / total_minutes
        ticks = range(0, int(total_minutes) + 1, step)
        for minute in ticks:
            x = LEFT + minute * scale
            text = f"{minute} {unit}" if minute == ticks[-1] else str(minute)
            anchor = "lt" if minute == 0 else "rt" if x > RIGHT - 40 else "mt"
            self.draw.line((x, baseline, x, baseline + 6), fill=AXIS, width=2)
            self.text((x, baseline + 10), text, AXIS_SIZE, fill=MUTED, anchor=anchor)

    def legend(self, view: WorkoutView) -> None:
        """Draw the structure lines, each with its zone's colour."""
        for index, line in enumerate(view.structure):
            y = LEGEND_TOP + index * LEGEND_STEP
            self.draw.rounded_rectangle(
                (LEFT, y, LEFT + 18, y + 18), radius=4, fill=ZONE_COLOURS[line.zone]
            )
            self.text(
                (LEFT + 30, y + 9),
                fit(line.text, LEGEND_SIZE, RIGHT - LEFT - 30),
                LEGEND_SIZE,
                anchor="lm",
            )

    def no_steps(self, labels: Mapping[str, str]) -> None:
        """Draw the box saying the plan has no steps, and the hint below it."""
        chart = WORKOUT_CHART
        top = chart.baseline - (chart.baseline - chart.top) * 0.45
        self.draw.rounded_rectangle(
            (LEFT, top, RIGHT, chart.baseline), radius=10, fill=NO_STEPS
        )
        self.text(
            ((LEFT + RIGHT) / 2, (top + chart.baseline) / 2),
            fit(labels["no_steps"], 24, RIGHT - LEFT - 40),
            24,
            anchor="mm",
        )
        self.text(
            (LEFT, LEGEND_TOP),
            fit(labels["no_steps_hint"], LEGEND_SIZE, RIGHT - LEFT),
            LEGEND_SIZE,
            fill=MUTED,
        )

    def png(self) -> bytes:
        """Return the picture encoded as PNG."""
        buffer = BytesIO()
        self.image.save(buffer, format="PNG")
        return buffer.getvalue()


def _draw_workout(canvas: _Canvas, view: DayView, main: WorkoutView) -> None:
    labels = view.labels
    canvas.header(labels["title"], labels["subtitle"])
    if main.blocks:
        canvas.bars(main.blocks, WORKOUT_CHART, labels)
        canvas.legend(main)
    else:
        canvas.no_steps(labels)


def _draw_rest_day(canvas: _Canvas, view: DayView) -> None:
    labels = view.labels
    canvas.header(labels["title"], labels["date"])
    centre = WIDTH / 2
    if view.next is None or not view.next.blocks:
        canvas.text(
            (centre, 230), fit(labels["next"], 28, RIGHT - LEFT), 28, anchor="mm"
        )
        canvas.text((centre, 272), labels["next_date"], 22, fill=MUTED, anchor="mm")
        canvas.draw.line((LEFT, 335, RIGHT, 335), fill=AXIS, width=2)
        return
    canvas.text((LEFT, 150), fit(labels["next"], 26, RIGHT - LEFT), 26)
    canvas.text((LEFT, 188), labels["next_date"], 20, fill=MUTED)
    canvas.bars(view.next.blocks, NEXT_CHART, labels)


def render_day_png(view: DayView) -> bytes:
    """Return the picture of a day as PNG: its main workout, or the rest day.

    Blocking (font loading, drawing, encoding): run it in the executor.
    """
    with _RENDER_LOCK:
        canvas = _Canvas()
        if view.main is None:
            _draw_rest_day(canvas, view)
        else:
            _draw_workout(canvas, view, view.main)
        return canvas.png()
