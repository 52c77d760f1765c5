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


def line_chart_svg(chart: dict, chart_id: str, title: str, description: str) -> str:
    """The line chart as inline SVG, built in Python (a dashboard draws dozens; templates are too slow).

    format_html escapes every interpolated value, so titles and labels are safe.
    """
    from django.utils.html import format_html, format_html_join

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d8dadb" stroke-width="1"/>'
        '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
        (
            (chart["left"], chart["right"], t["y"], t["y"], chart["left"] - 6, t["y"], t["label"])
            for t in chart["y_ticks"]
        ),
    )
    years = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle">{}</text>',
        ((t["x"], chart["bottom"] + 18, t["label"]) for t in chart["x_ticks"]),
    )
    selected = (
        format_html(
            '<line x1="{0}" x2="{0}" y1="{1}" y2="{2}" stroke="#505a5f" stroke-width="1" stroke-dasharray="2 3"/>',
            chart["selected_x"],
            chart["top"],
            chart["bottom"],
        )
        if chart["selected_x"] is not None
        else ""
    )
    diamonds = format_html_join(
        "",
        '<rect x="{}" y="{}" width="8" height="8" transform="rotate(45 {} {})" fill="#fff" stroke="#1f5f3a" '
        'stroke-width="2"/>',
        ((round(p["x"] - 4, 1), round(p["y"] - 4, 1), p["x"], p["y"]) for p in chart["targets"]),
    )
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="#0b0c0c" stroke-width="3"/>',
        ((line,) for line in chart["realised_lines"]),
    )
    dots = format_html_join(
        "", '<circle cx="{}" cy="{}" r="5" fill="#0b0c0c"/>', ((p["x"], p["y"]) for p in chart["realised"])
    )
    return format_html(
        '<svg class="kpi-chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" '
        'xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<defs><pattern id="{id}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6efe9"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9dbfa9" stroke-width="2"/></pattern></defs>'
        '<g font-size="12" fill="#0b0c0c">{grid}{years}'
        '<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#505a5f" stroke-width="1"/></g>'
        "{selected}"
        '<polygon points="{band}" fill="url(#{id}-hatch)" stroke="none"/>'
        '<polyline points="{target}" fill="none" stroke="#1f5f3a" stroke-width="2" stroke-dasharray="8 5"/>'
        "{diamonds}{lines}{dots}</svg>",
        w=chart["width"],
        h=chart["height"],
        id=chart_id,
        title=title,
        desc=description,
        grid=grid,
        years=years,
        left=chart["left"],
        right=chart["right"],
        bottom=chart["bottom"],
        selected=selected,
        band=chart["band"],
        target=chart["target_line"],
        diamonds=diamonds,
        lines=lines,
        dots=dots,
    )
