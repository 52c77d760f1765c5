"""Geometry for the server-rendered SVG charts (templates/kpis/includes/*_chart.html).

The functions return plain dicts of coordinates and labels; the templates draw
them. Every chart also gets its data as an HTML table next to it, so nothing
depends on seeing the picture (or its colours).
"""

import math
from decimal import Decimal

from .templatetags.kpi_format import nl_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 36


def _nice_range(low: float, high: float) -> tuple[float, float, float]:
    """A rounded axis range and tick step with about five ticks."""
    if high == low:
        high, low = high + 1, low - 1
    span = high - low
    raw = span / 5
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = (low // step) * step
    end = -((-high) // step) * step
    return start, end, step


def line_chart(points: list[dict], selected_year: int | None = None) -> dict:
    """A realised-vs-target line chart.

    ``points``: one dict per year with ``year``, ``target`` (Decimal), ``band``
    (low, high) and ``realised`` (Decimal or None).
    """
    values = [float(v) for p in points for v in (p["target"], *p["band"]) if v is not None]
    values += [float(p["realised"]) for p in points if p["realised"] is not None]
    low, high, step = _nice_range(min(values), max(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    years = [p["year"] for p in points]
    first, last = years[0], years[-1]

    def x(year: int) -> float:
        return round(LEFT + (year - first) / max(1, last - first) * plot_w, 1)

    def y(value) -> float:
        return round(TOP + (high - float(value)) / (high - low) * plot_h, 1)

    band_upper = [f"{x(p['year'])},{y(p['band'][1])}" for p in points]
    band_lower = [f"{x(p['year'])},{y(p['band'][0])}" for p in reversed(points)]
    target_line = " ".join(f"{x(p['year'])},{y(p['target'])}" for p in points)
    realised = [
        {"x": x(p["year"]), "y": y(p["realised"]), "year": p["year"], "value": p["realised"]}
        for p in points
        if p["realised"] is not None
    ]
    # Lines only join consecutive years; a gap in the data is a gap in the line.
    segments, current = [], []
    for point in realised:
        if current and point["year"] != current[-1]["year"] + 1:
            segments.append(current)
            current = []
        current.append(point)
    if current:
        segments.append(current)
    ticks = []
    value = low
    while value <= high + step / 2:
        ticks.append({"y": y(value), "label": nl_number(Decimal(str(round(value, 6))))})
        value += step
    label_every = 1 if len(years) <= 12 else 2
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "band": " ".join(band_upper + band_lower),
        "target_line": target_line,
        "targets": [{"x": x(p["year"]), "y": y(p["target"])} for p in points],
        "realised": realised,
        "realised_lines": [" ".join(f"{p['x']},{p['y']}" for p in seg) for seg in segments if len(seg) > 1],
        "y_ticks": ticks,
        "x_ticks": [{"x": x(year), "label": year} for i, year in enumerate(years) if i % label_every == 0],
        "selected_x": x(selected_year) if selected_year and first <= selected_year <= last else None,
        "label_y": HEIGHT - 12,
    }


def bar_chart(rows: list[dict]) -> dict:
    """Horizontal bars of path progress (percent) per category, with a 100 % reference line.

    ``rows``: dicts with ``label`` and ``percent`` (int, may be negative or above 100).
    """
    bar_h, gap, left, right = 22, 10, 250, 96
    width = WIDTH
    height = TOP + len(rows) * (bar_h + gap) + 28
    scale_max = max(150, *(r["percent"] for r in rows)) if rows else 150
    scale_min = min(0, *(r["percent"] for r in rows)) if rows else 0
    plot_w = width - left - right

    def x(percent: float) -> float:
        return round(left + (percent - scale_min) / (scale_max - scale_min) * plot_w, 1)

    bars = []
    for i, row in enumerate(rows):
        top = TOP + i * (bar_h + gap)
        start, end = sorted((x(0), x(row["percent"])))
        bars.append(
            {
                **row,
                "y": top,
                "x": start,
                "w": max(1.0, round(end - start, 1)),
                "h": bar_h,
                "text_y": top + bar_h * 0.7,
                "value_x": round(max(end, x(0)) + 6, 1),
            }
        )
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "label_x": left - 8,
        "zero_x": x(0),
        "hundred_x": x(100),
        "axis_y": height - 20,
        "axis_top": TOP - 4,
    }
