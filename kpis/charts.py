"""Geometry for the server-rendered SVG charts (templates/kpis/includes/*_chart.html).

The functions return plain dicts of coordinates and labels; the templates draw
them. Every chart also gets its data as an HTML table next to it, so nothing
depends on seeing the picture (or its colours).
"""

import math
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe

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
    # Every number is converted and placed once per point (a dashboard draws dozens of charts).
    floats = [
        (
            p["year"],
            float(p["target"]),
            float(p["band"][0]),
            float(p["band"][1]),
            None if p["realised"] is None else float(p["realised"]),
        )
        for p in points
    ]
    values = [v for _year, *numbers in floats for v in numbers if v is not None]
    low, high, step = _nice_range(min(values), max(values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    years = [p["year"] for p in points]
    first, last = years[0], years[-1]
    span, value_range = max(1, last - first), high - low

    def x(year: int) -> float:
        return round(LEFT + (year - first) / span * plot_w, 1)

    def y(value: float) -> float:
        return round(TOP + (high - value) / value_range * plot_h, 1)

    placed = [
        (x(year), y(target), y(band_low), y(band_high), None if value is None else y(value))
        for year, target, band_low, band_high, value in floats
    ]
    band_upper = [f"{px},{band_high}" for px, _t, _l, band_high, _v in placed]
    band_lower = [f"{px},{band_low}" for px, _t, band_low, _h, _v in reversed(placed)]
    target_line = " ".join(f"{px},{ty}" for px, ty, _l, _h, _v in placed)
    realised = [
        {"x": pos[0], "y": pos[4], "year": p["year"], "value": p["realised"]}
        for p, pos in zip(points, placed, strict=True)
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
        "targets": [{"x": px, "y": ty} for px, ty, _l, _h, _v in placed],
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


def line_chart_svg(chart: dict, chart_id: str, title: str, description: str) -> str:
    """The line chart as inline SVG, built in Python (a dashboard draws dozens; templates are too slow).

    Plain string building: the coordinates are numbers this module computed
    (ints and rounded floats, nothing to escape); every text (title,
    description, tick labels, the chart id) goes through ``escape``.
    """
    left, right, top, bottom = chart["left"], chart["right"], chart["top"], chart["bottom"]
    cid = escape(chart_id)
    parts = [
        f'<svg class="kpi-chart" viewBox="0 0 {chart["width"]} {chart["height"]}" width="100%" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{cid}-title">{escape(title)}</title><desc id="{cid}-desc">{escape(description)}</desc>'
        f'<defs><pattern id="{cid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6efe9"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9dbfa9" stroke-width="2"/></pattern></defs>'
        '<g font-size="12" fill="#0b0c0c">'
    ]
    for tick in chart["y_ticks"]:
        y = _number(tick["y"])
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#d8dadb" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">{escape(tick["label"])}</text>'
        )
    label_y = bottom + 18
    for tick in chart["x_ticks"]:
        parts.append(
            f'<text x="{_number(tick["x"])}" y="{label_y}" text-anchor="middle">{escape(tick["label"])}</text>'
        )
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#505a5f" stroke-width="1"/></g>')
    if chart["selected_x"] is not None:
        x = _number(chart["selected_x"])
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="#505a5f" stroke-width="1" '
            'stroke-dasharray="2 3"/>'
        )
    parts.append(
        f'<polygon points="{chart["band"]}" fill="url(#{cid}-hatch)" stroke="none"/>'
        f'<polyline points="{chart["target_line"]}" fill="none" stroke="#1f5f3a" stroke-width="2" '
        'stroke-dasharray="8 5"/>'
    )
    for p in chart["targets"]:
        x, y = _number(p["x"]), _number(p["y"])
        parts.append(
            f'<rect x="{round(p["x"] - 4, 1)}" y="{round(p["y"] - 4, 1)}" width="8" height="8" '
            f'transform="rotate(45 {x} {y})" fill="#fff" stroke="#1f5f3a" stroke-width="2"/>'
        )
    for line in chart["realised_lines"]:
        parts.append(f'<polyline points="{line}" fill="none" stroke="#0b0c0c" stroke-width="3"/>')
    for p in chart["realised"]:
        parts.append(f'<circle cx="{_number(p["x"])}" cy="{_number(p["y"])}" r="5" fill="#0b0c0c"/>')
    parts.append("</svg>")
    # Safe: only numbers computed here and escaped text were joined.
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703


def _number(value) -> float | int:
    """A coordinate as a number (never text from elsewhere, so it needs no escaping)."""
    if not isinstance(value, (int, float)):
        raise TypeError(f"chart coordinates must be numbers, not {type(value).__name__}")
    return value
