# Copyright (c) 2026 The ai_endurance contributors. MIT License.
# ruff: noqa: INP001  # a standalone script, not part of a package
"""Draw the integration's brand icons (an original design) with Pillow.

A workout profile as bars on a dark rounded square: a low warm-up, three
hard intervals with easy recoveries, a low cool-down, and a spark for the
"AI" in the name. Drawn at 4x and scaled down for smooth edges.

    scripts/in-env python scripts/draw_brand_icon.py
"""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = Path(__file__).parent.parent / "custom_components/ai_endurance/brand"
UNIT = 64  # the design grid: 64 x 64 units
SCALE = 4  # supersampling factor

BACKGROUND_TOP = (17, 38, 74)
BACKGROUND_BOTTOM = (8, 20, 42)
EASY = (56, 189, 248)  # zone 1-2: sky blue
HARD = (249, 115, 22)  # zone 4-5: orange
SPARK = (255, 255, 255)

# (start, width, height) of each bar in grid units, bottom at y = 52.
BARS = [
    (8, 9, 14, EASY),  # warm-up
    (18, 5, 30, HARD),  # interval 1
    (24, 3, 10, EASY),  # recovery
    (28, 5, 30, HARD),  # interval 2
    (34, 3, 10, EASY),  # recovery
    (38, 5, 30, HARD),  # interval 3
    (44, 12, 12, EASY),  # cool-down
]
BASELINE = 52


def _draw(size: int) -> Image.Image:
    big = size * SCALE
    px = big / UNIT  # pixels per grid unit

    # Vertical gradient, clipped to a rounded square.
    gradient = Image.new("RGB", (1, big))
    for y in range(big):
        t = y / (big - 1)
        gradient.putpixel(
            (0, y),
            tuple(
                round(a + (b - a) * t)
                for a, b in zip(BACKGROUND_TOP, BACKGROUND_BOTTOM, strict=True)
            ),
        )
    gradient = gradient.resize((big, big))
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, big - 1, big - 1), radius=round(14 * px), fill=255
    )
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    image.paste(gradient, (0, 0), mask)

    draw = ImageDraw.Draw(image)
    for start, width, height, colour in BARS:
        draw.rounded_rectangle(
            (
                start * px,
                (BASELINE - height) * px,
                (start + width) * px,
                BASELINE * px,
            ),
            radius=round(1.2 * px),
            fill=colour,
        )
    # Baseline.
    draw.rounded_rectangle(
        (8 * px, (BASELINE + 2) * px, 56 * px, (BASELINE + 3.5) * px),
        radius=round(0.75 * px),
        fill=(148, 163, 184),
    )

    # Four-pointed spark, top right.
    cx, cy, r, w = 49 * px, 15 * px, 7 * px, 1.6 * px
    draw.polygon(
        [
            (cx, cy - r),
            (cx + w, cy - w),
            (cx + r, cy),
            (cx + w, cy + w),
            (cx, cy + r),
            (cx - w, cy + w),
            (cx - r, cy),
            (cx - w, cy - w),
        ],
        fill=SPARK,
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    """Write icon.png (256 px) and icon@2x.png (512 px)."""
    BRAND.mkdir(exist_ok=True)
    _draw(256).save(BRAND / "icon.png", optimize=True)
    _draw(512).save(BRAND / "icon@2x.png", optimize=True)


if __name__ == "__main__":
    main()
