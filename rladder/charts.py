"""The ambitieweb as a radar chart: server-side SVG for the page and the PDF.

Levels 1–3 are rings; each series is a polygon with its own line style and
marker shape (not only its own colour), named in a legend inside the SVG.
Pages show the same data as a table next to it.
"""

import math
from dataclasses import dataclass

from django.utils.safestring import SafeString

from chefcirculair.charts import GRID, svg_document, text

from .models import LEVEL_MAX


@dataclass(frozen=True)
class SeriesStyle:
    stroke: str
    dash: str  # "" for a solid line
    marker: str  # "circle", "square" or "triangle"
    fill: str = "none"
    width: float = 2.5


STYLES = {
    "current": SeriesStyle("#0b0c0c", "", "circle", fill="#0b0c0c", width=2.5),
    "ambition": SeriesStyle("#00703c", "9 5", "square", width=3),
    "inherited": SeriesStyle("#1d70b8", "2 5", "triangle", width=2.5),
}


@dataclass(frozen=True)
class Series:
    key: str  # a STYLES key
    label: str
    values: list  # one level (1–3 or None) per axis


def _point(cx: float, cy: float, radius: float, index: int, count: int, level: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * level / LEVEL_MAX
    return cx + distance * math.cos(angle), cy + distance * math.sin(angle)


def _marker(kind: str, x: float, y: float, style: SeriesStyle) -> str:
    if kind == "square":
        return (
            f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="#ffffff" '
            f'stroke="{style.stroke}" stroke-width="2.5"/>'
        )
    if kind == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}" '
            f'fill="{style.stroke}" stroke="{style.stroke}"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{style.stroke}"/>'


def radar_svg(chart_id: str, title: str, desc: str, axes: list[str], series: list[Series]) -> SafeString:
    """A radar (spider) chart of levels 1–3 on each axis."""
    width, cx, cy, radius = 640, 320, 215, 150
    legend_top = cy + radius + 70
    height = legend_top + 28 * len(series) + 8
    count = max(len(axes), 3)
    parts = []
    # Rings for the levels, with their numbers on the first axis.
    for level in range(1, LEVEL_MAX + 1):
        ring = " ".join("{:.1f},{:.1f}".format(*_point(cx, cy, radius, i, count, level)) for i in range(count))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        x, y = _point(cx, cy, radius, 0, count, level)
        parts.append(text(x + 6, y + 4, str(level), size=12))
    # Axes and their labels.
    for i, label in enumerate(axes):
        x, y = _point(cx, cy, radius, i, count, LEVEL_MAX)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        lx, ly = _point(cx, cy, radius + 22, i, count, LEVEL_MAX)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        ly += 5 if abs(ly - cy) < radius else (0 if ly > cy else -2)
        parts.append(text(lx, ly + (10 if ly > cy + radius else 0), label, anchor=anchor, size=14, weight="bold"))
    # The series.
    for s in series:
        style = STYLES[s.key]
        points = [_point(cx, cy, radius, i, count, v or 0) for i, v in enumerate(s.values)]
        if not points:
            continue
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        fill = f'fill="{style.fill}" fill-opacity="0.12"' if style.fill != "none" else 'fill="none"'
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polygon points="{coords}" {fill} stroke="{style.stroke}" stroke-width="{style.width}"{dash}/>')
        parts += [_marker(style.marker, x, y, style) for x, y in points]
    # Legend: a sample of each line style with its marker.
    for n, s in enumerate(series):
        style = STYLES[s.key]
        y = legend_top + 28 * n
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<line x1="150" y1="{y}" x2="200" y2="{y}" stroke="{style.stroke}" stroke-width="{style.width}"{dash}/>'
        )
        parts.append(_marker(style.marker, 175, y, style))
        parts.append(text(212, y + 5, s.label))
    return svg_document(chart_id, title, desc, width, height, "".join(parts))


def describe(axes: list[str], series: list[Series]) -> str:
    """A plain-language description of the chart's data, for <desc>."""
    sentences = []
    for s in series:
        values = ", ".join(f"{axis} {value if value else '–'}" for axis, value in zip(axes, s.values, strict=True))
        sentences.append(f"{s.label}: {values}.")
    return " ".join(sentences)
