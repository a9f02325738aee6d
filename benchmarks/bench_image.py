# Copyright (c) 2026 The ai_endurance contributors. MIT License.
"""The workout picture as PNG next to the SVG it replaced, in one run.

    scripts/in-env python -m benchmarks.bench_image [--rounds 200]

Both draw the documented Tempo run (warm-up, 2 x (9 min on, 5 min off),
cool-down) from the same English :class:`DayView`, built once before the
rounds (the image entity builds it once per workout and day too), so what is
timed is the drawing and the encoding:

(a) PNG: :func:`workout_picture.render_day_png`, 1000 x 500, Pillow;
(b) SVG: the layout the integration served until it drew PNG (title,
    subtitle, bars, target labels, time axis, legend), kept here as the
    reference since nothing serves it any more: text, built in the loop.

The rounds alternate (a) and (b), swapping the order each round, after one
uncounted warm-up of each (the first PNG also reads the font from disk:
printed apart). It prints both medians, the ratio PNG/SVG and the sizes;
there is no target, so it exits 0 unless a picture comes out empty.
"""

import argparse
from collections.abc import Callable
from datetime import date
import gc
import json
from pathlib import Path
import statistics
import sys
import time
from xml.sax.saxutils import escape

from custom_components.ai_endurance.api import Workout, WorkoutPlan
from custom_components.ai_endurance.presentation import (
    BlockView,
    DayView,
    Phrases,
    PlanViews,
    WorkoutView,
)
from custom_components.ai_endurance.workout_picture import (
    ZONE_COLOURS,
    ZONE_HEIGHTS,
    render_day_png,
    tick_step,
)
from custom_components.ai_endurance.workout_structure import BlockKind

DAY = date(2026, 11, 25)
TEMPO_RUN = {
    "date": DAY.isoformat(),
    "title": "Tempo Run",
    "steps": {
        "act_type": "Run",
        "type": "Tempo",
        "stress": 38,
        "repeats": 2,
        "duration_warmup": 600,
        "duration_on": 540,
        "duration_off": 300,
        "duration_cooldown": 720,
        "target_warmup_high": 3.45,
        "target_on_low": 3.45,
        "target_on_high": 3.665625,
        "target_off_high": 3.105,
        "target_cooldown_high": 3.105,
    },
}
TRANSLATIONS = (
    Path(__file__).parent.parent
    / "custom_components"
    / "ai_endurance"
    / "translations"
    / "en.json"
)

# The SVG layout (800 x 450 user units) as it was served.
SVG_WIDTH, SVG_HEIGHT, SVG_LEFT, SVG_RIGHT = 800, 450, 32, 768
SVG_TOP, SVG_BASELINE, SVG_LEGEND_TOP = 130, 290, 345
SVG_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"


def _text(x: float, y: float, content: str, size: int, extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="#f9fafb"'
        f"{extra}>{escape(content)}</text>"
    )


def _svg_bars(blocks: tuple[BlockView, ...]) -> list[str]:
    total = sum(block.duration for block in blocks)
    scale = (SVG_RIGHT - SVG_LEFT) / total
    body: list[str] = []
    spans: dict[BlockKind, tuple[float, float, float, str | None]] = {}
    start = 0
    for block in blocks:
        x, width = SVG_LEFT + start * scale, block.duration * scale
        height = (SVG_BASELINE - SVG_TOP) * ZONE_HEIGHTS[block.zone]
        body.append(
            f'<rect x="{x:.1f}" y="{SVG_BASELINE - height:.1f}" width="{width:.1f}"'
            f' height="{height:.1f}" fill="{ZONE_COLOURS[block.zone]}"'
            ' stroke="#111827" stroke-width="1.5"/>'
        )
        start += block.duration
        if block.kind is BlockKind.ON and BlockKind.ON in spans:
            left, _, top, target = spans[BlockKind.ON]
            spans[BlockKind.ON] = (left, x + width, top, target)
        elif block.kind is not BlockKind.OFF:
            spans[block.kind] = (x, x + width, SVG_BASELINE - height, block.target_text)
    for left, right, top, target in spans.values():
        if target and len(target) * 15 * 0.56 <= right - left:
            body.append(
                _text((left + right) / 2, top - 8, target, 15, ' text-anchor="middle"')
            )
    step = tick_step(total / 60)
    for minute in range(0, int(total / 60) + 1, step):
        x = SVG_LEFT + minute * 60 * scale
        label = f"{minute // 60}:{minute % 60:02d}"
        body.append(_text(x, SVG_BASELINE + 22, label, 14, ' fill-opacity="0.6"'))
    return body


def render_svg(view: DayView, main: WorkoutView) -> str:
    """Return the SVG the integration served for a workout day."""
    body = [
        _text(SVG_LEFT, 52, view.labels["title"], 30, ' font-weight="700"'),
        _text(SVG_LEFT, 84, view.labels["subtitle"], 18, ' fill-opacity="0.6"'),
        (
            f'<line x1="{SVG_LEFT}" y1="{SVG_BASELINE}" x2="{SVG_RIGHT}"'
            f' y2="{SVG_BASELINE}" stroke="#4b5563" stroke-width="2"/>'
        ),
        *_svg_bars(main.blocks),
    ]
    for index, line in enumerate(main.structure):
        y = SVG_LEGEND_TOP + index * 26
        body.append(
            f'<rect x="{SVG_LEFT}" y="{y - 13}" width="14" height="14" rx="3"'
            f' fill="{ZONE_COLOURS[line.zone]}"/>'
        )
        body.append(_text(SVG_LEFT + 24, y, line.text, 17))
    return "\n".join(
        [
            (
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_WIDTH}'
                f' {SVG_HEIGHT}" font-family="{SVG_FONT}">'
            ),
            f'<rect width="{SVG_WIDTH}" height="{SVG_HEIGHT}" rx="16" fill="#111827"/>',
            *body,
            "</svg>",
        ]
    )


def tempo_day() -> DayView:
    """Return the English view of the day of the documented Tempo run."""
    phrases = Phrases(json.loads(TRANSLATIONS.read_text(encoding="utf-8"))["common"])
    plan = WorkoutPlan((Workout.from_dict(TEMPO_RUN),))
    return PlanViews(plan, phrases, imperial=False).day(DAY)


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.3f} ms"


def run(rounds: int) -> int:
    """Alternate the two renderers `rounds` times; print medians and the ratio."""
    view = tempo_day()
    main = view.main
    assert main is not None  # the plan holds the run on DAY
    cold = _timed(lambda: render_day_png(view))
    png, svg = render_day_png(view), render_svg(view, main)
    if not png or main.blocks == () or "<rect" not in svg:
        print("a picture came out empty")
        return 1
    png_times: list[float] = []
    svg_times: list[float] = []
    gc.disable()
    try:
        for round_number in range(rounds):
            measures = [
                (png_times, lambda: render_day_png(view)),
                (svg_times, lambda: render_svg(view, main)),
            ]
            if round_number % 2:
                measures.reverse()
            for times, call in measures:
                times.append(_timed(call))
    finally:
        gc.enable()
    png_median = statistics.median(png_times)
    svg_median = statistics.median(svg_times)
    print(f"rounds                  {rounds}, alternating, order swapped each round")
    print(f"first PNG (reads font)  {_ms(cold)}")
    print(f"PNG 1000x500   median   {_ms(png_median)}  ({len(png):,} bytes)")
    print(f"SVG 800x450    median   {_ms(svg_median)}  ({len(svg.encode()):,} bytes)")
    print(f"ratio PNG/SVG           {png_median / svg_median:.0f}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    return run(args.rounds)


if __name__ == "__main__":
    sys.exit(main())
