"""Server-side SVG charts: the one chart module every app uses, for the page and the PDF alike.

Plain markup built here, so charts need no JavaScript and WeasyPrint draws the
same picture in the annual report and the dossier. The rules every chart keeps:

- every number in the geometry goes through ``svgnum`` (a "." decimal point,
  at most a few decimals, never localised: a Dutch "250,0" is not a number
  to a browser); text goes through ``escape`` (or ``format_html``);
- every chart is ``role="img"`` with a ``<title>`` and ``<desc>`` referenced by
  ``aria-labelledby``, distinguishes its series by shape, line style or
  hatching as well as colour, and the page shows the same data as a table
  next to it;
- no ``style`` attributes (the Content-Security-Policy forbids them).

The charts: ``bar_chart_svg`` (counts per status), ``progress_chart_svg``
(progress per category on its path), ``line_chart`` + ``line_chart_svg``
(realised against a target path with a band), ``radar_svg`` (an ambitieweb),
``ladder_svg`` (the R-ladder with marks). Numbers written as *text* in a chart
(tick labels, values) are Dutch, from ``lib.formatting``.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .formatting import format_number, format_percentage

INK = "#0b0c0c"
GRID = "#6f777b"
FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"


def svgnum(value, places: int = 1) -> str:
    """A number as SVG geometry needs it: "250", "180.3", "-4.5" — never "250,0" or "1.250".

    At most ``places`` decimals, trailing zeros dropped, no grouping, no
    exponent; whatever the active language. Anything that is not a finite
    number is refused (a chart must not silently draw text into an attribute).
    """
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is float or kind is Decimal:
        return _svgnum(value, places)
    if isinstance(value, (int, float, Decimal)) and kind is not bool:  # subclasses (IntEnum and the like)
        return _svgnum(float(value), places)
    raise TypeError(f"chart geometry must be numbers, not {kind.__name__}")


def _svgnum(value: float | Decimal, places: int) -> str:
    """svgnum proper, for a float or a Decimal."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"chart geometry must be finite, not {value}")
    text = f"{number:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def svg_points(points) -> str:
    """``[(x, y), ...]`` as the ``points`` of a polyline or polygon: "x,y x,y"."""
    return " ".join(f"{svgnum(x)},{svgnum(y)}" for x, y in points)


def svg_document(
    chart_id: str,
    title: str,
    desc: str,
    width: int,
    height: int,
    body: str,
    *,
    css_class: str = "chart",
    fluid: bool = False,
    font_family: str | None = FONT,
) -> SafeString:
    """Wrap ``body`` (SVG markup built by this module) in an accessible, scalable <svg> element.

    ``fluid`` charts fill the width of their container (``width="100%"``);
    the others have a fixed size that scales down with the page's CSS.
    Without ``font_family`` the chart's text takes the page's font.
    """
    height_attr = "" if fluid else format_html(' height="{}"', svgnum(height))
    font = format_html(' font-family="{}"', font_family) if font_family else ""
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="{cls}" id="{id}" width="{width}"{height} viewBox="0 0 {w} {h}" '
        'role="img" aria-labelledby="{id}-title {id}-desc"{font}>'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        cls=css_class,
        id=chart_id,
        width="100%" if fluid else svgnum(width),
        height=height_attr,
        w=svgnum(width),
        h=svgnum(height),
        font=font,
        title=title,
        desc=desc,
    )
    # Every value is escaped above (format_html) or by the chart functions (text(), escape()).
    return mark_safe(f"{head}{body}</svg>")  # noqa: S308  # nosec B308 B703


def text(x: float, y: float, value, *, anchor: str = "start", size: int = 14, weight: str = "normal") -> str:
    return (
        f'<text x="{svgnum(x)}" y="{svgnum(y)}" text-anchor="{anchor}" font-size="{svgnum(size)}" '
        f'font-weight="{weight}" fill="{INK}">{escape(value)}</text>'
    )


# --- Bars: counts per status (the Menu self-scan) ---------------------------------------------


@dataclass(frozen=True)
class BarStyle:
    """A bar's fill; ``pattern`` names hatching so the bars differ without colour too."""

    fill: str
    pattern: str = ""  # "", "diagonal" or "dots"


BAR_STYLES = {
    "op_orde": BarStyle("#005a30"),
    "bezig": BarStyle("#1d70b8", "diagonal"),
    "niet_gestart": BarStyle("#6f777b", "dots"),
}


def _patterns(chart_id: str) -> str:
    cid = escape(chart_id)
    return (
        "<defs>"
        f'<pattern id="{cid}-diagonal" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        '<rect width="4" height="8" fill="#1d70b8"/></pattern>'
        f'<pattern id="{cid}-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="2.2" fill="#505a5f"/></pattern>'
        "</defs>"
    )


def bar_chart_svg(
    chart_id: str, title: str, desc: str, rows: list[tuple[str, str, int]], maximum: int, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per ``(style_key, label, value)`` row, with the value written beside each bar."""
    label_width, bar_width, row_height = 150, 300, 36
    height = 16 + row_height * len(rows)
    cid = escape(chart_id)
    parts = [_patterns(chart_id)]
    for index, (key, label, value) in enumerate(rows):
        y = 12 + index * row_height
        style = BAR_STYLES.get(key, BarStyle("#1d70b8"))
        fill = f"url(#{cid}-{style.pattern})" if style.pattern else style.fill
        length = 0 if maximum <= 0 else bar_width * value / maximum
        parts.append(text(label_width - 8, y + 18, label, anchor="end"))
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="22" fill="#ffffff" stroke="{GRID}"/>'
        )
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{svgnum(length)}" height="22" '
                f'fill="{fill}" stroke="{INK}"/>'
            )
        parts.append(text(label_width + bar_width + 8, y + 18, f"{value}{unit}", weight="bold"))
    return svg_document(chart_id, title, desc, label_width + bar_width + 60, height, "".join(parts))


# --- Progress per category on its path ----------------------------------------------------------

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 16, 36


def progress_chart_svg(rows: list[dict], chart_id: str = "categorie-grafiek") -> SafeString:
    """Horizontal bars of path progress (percent) per category, with a 100 % reference line.

    ``rows``: dicts with ``label`` and ``percent`` (int, may be negative or above
    100). Bars on or past the path are filled, the others outlined and labelled
    "achter", so the status is not in the colour alone.
    """
    bar_h, gap, left, right = 22, 10, 250, 96
    height = TOP + len(rows) * (bar_h + gap) + 28
    scale_max = max(150, *(r["percent"] for r in rows)) if rows else 150
    scale_min = min(0, *(r["percent"] for r in rows)) if rows else 0
    plot_w = WIDTH - left - right

    def x(percent: float) -> float:
        return left + (percent - scale_min) / (scale_max - scale_min) * plot_w

    zero, hundred = svgnum(x(0)), svgnum(x(100))
    axis_top, axis_y = TOP - 4, height - 20
    behind = escape(gettext("achter"))
    parts = [
        f'<line x1="{zero}" x2="{zero}" y1="{axis_top}" y2="{axis_y}" stroke="#505a5f" stroke-width="1"/>',
        f'<line x1="{hundred}" x2="{hundred}" y1="{axis_top}" y2="{axis_y}" stroke="#1f5f3a" stroke-width="2" '
        'stroke-dasharray="6 4"/>',
        f'<text x="{hundred}" y="{axis_y + 14}" text-anchor="middle" font-size="12" fill="{INK}">'
        f"{escape(gettext('100% = op het pad'))}</text>",
    ]
    for i, row in enumerate(rows):
        top = TOP + i * (bar_h + gap)
        start, end = sorted((x(0), x(row["percent"])))
        text_y = svgnum(top + bar_h * 0.7)
        label = row["label"] if len(row["label"]) <= 30 else row["label"][:29] + "…"
        fill = "#1f5f3a" if row["percent"] >= 100 else "#ffffff"
        value = format_percentage(row["percent"]) + ("" if row["percent"] >= 100 else f" ({behind})")
        parts.append(
            f'<text x="{left - 8}" y="{text_y}" text-anchor="end" font-size="12" fill="{INK}">{escape(label)}</text>'
            f'<rect x="{svgnum(start)}" y="{top}" width="{svgnum(max(1.0, end - start))}" height="{bar_h}" '
            f'fill="{fill}" stroke="#1f5f3a" stroke-width="2"/>'
            f'<text x="{svgnum(max(end, x(0)) + 6)}" y="{text_y}" font-size="13" fill="{INK}">{value}</text>'
        )
    return svg_document(
        chart_id,
        gettext("Voortgang per productcategorie op het doelpad"),
        gettext(
            "Per categorie het gemiddelde percentage van de geplande verbetering dat is gerealiseerd; "
            "100 procent is precies op het doelpad. De cijfers staan ook in de tabel hieronder."
        ),
        WIDTH,
        height,
        "".join(parts),
        css_class="kpi-chart",
        fluid=True,
        font_family=None,
    )


# --- Lines: realised against a target path with a band ------------------------------------------


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
    """The geometry of a realised-vs-target line chart, for ``line_chart_svg``.

    ``points``: one dict per year with ``year``, ``target`` (Decimal), ``band``
    (low, high) and ``realised`` (Decimal or None). Coordinates are floats
    rounded to 0.1; ``line_chart_svg`` writes them with ``svgnum``.
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
    realised = [
        {"x": pos[0], "y": pos[4], "year": p["year"], "value": p["realised"]}
        for p, pos in zip(points, placed, strict=True)
        if p["realised"] is not None
    ]
    # Lines only join consecutive years; a gap in the data is a gap in the line.
    segments: list[list[dict]] = []
    current: list[dict] = []
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
        ticks.append({"y": y(value), "label": format_number(Decimal(str(round(value, 6))))})
        value += step
    label_every = 1 if len(years) <= 12 else 2
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "band": [(px, high_y) for px, _t, _l, high_y, _v in placed]
        + [(px, low_y) for px, _t, low_y, _h, _v in reversed(placed)],
        "targets": [{"x": px, "y": ty} for px, ty, _l, _h, _v in placed],
        "realised": realised,
        "realised_lines": [[(p["x"], p["y"]) for p in seg] for seg in segments if len(seg) > 1],
        "y_ticks": ticks,
        "x_ticks": [{"x": x(year), "label": year} for i, year in enumerate(years) if i % label_every == 0],
        "selected_x": x(selected_year) if selected_year and first <= selected_year <= last else None,
    }


def line_chart_svg(chart: dict, chart_id: str, title: str, description: str) -> SafeString:
    """The line chart of ``line_chart``'s geometry as inline SVG.

    Plain string building (a dashboard draws dozens; templates are too slow):
    every number goes through ``svgnum``, every text through ``escape``.
    """
    left, right, top, bottom = (svgnum(chart[k]) for k in ("left", "right", "top", "bottom"))
    cid = escape(chart_id)
    parts = [
        f'<defs><pattern id="{cid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e6efe9"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9dbfa9" stroke-width="2"/></pattern></defs>'
        f'<g font-size="12" fill="{INK}">'
    ]
    tick_x = svgnum(chart["left"] - 6)
    for tick in chart["y_ticks"]:
        y = svgnum(tick["y"])
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="#d8dadb" stroke-width="1"/>'
            f'<text x="{tick_x}" y="{y}" text-anchor="end" dominant-baseline="middle">{escape(tick["label"])}</text>'
        )
    label_y = svgnum(chart["bottom"] + 18)
    for tick in chart["x_ticks"]:
        parts.append(f'<text x="{svgnum(tick["x"])}" y="{label_y}" text-anchor="middle">{escape(tick["label"])}</text>')
    parts.append(f'<line x1="{left}" x2="{right}" y1="{bottom}" y2="{bottom}" stroke="#505a5f" stroke-width="1"/></g>')
    if chart["selected_x"] is not None:
        x = svgnum(chart["selected_x"])
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}" stroke="#505a5f" stroke-width="1" '
            'stroke-dasharray="2 3"/>'
        )
    parts.append(
        f'<polygon points="{svg_points(chart["band"])}" fill="url(#{cid}-hatch)" stroke="none"/>'
        f'<polyline points="{svg_points((p["x"], p["y"]) for p in chart["targets"])}" fill="none" '
        'stroke="#1f5f3a" stroke-width="2" stroke-dasharray="8 5"/>'
    )
    for p in chart["targets"]:
        x, y = svgnum(p["x"]), svgnum(p["y"])
        parts.append(
            f'<rect x="{svgnum(p["x"] - 4)}" y="{svgnum(p["y"] - 4)}" width="8" height="8" '
            f'transform="rotate(45 {x} {y})" fill="#fff" stroke="#1f5f3a" stroke-width="2"/>'
        )
    for line in chart["realised_lines"]:
        parts.append(f'<polyline points="{svg_points(line)}" fill="none" stroke="{INK}" stroke-width="3"/>')
    for p in chart["realised"]:
        parts.append(f'<circle cx="{svgnum(p["x"])}" cy="{svgnum(p["y"])}" r="5" fill="{INK}"/>')
    return svg_document(
        chart_id,
        title,
        description,
        chart["width"],
        chart["height"],
        "".join(parts),
        css_class="kpi-chart",
        fluid=True,
        font_family=None,
    )


# --- Radar: an ambitieweb -----------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesStyle:
    stroke: str
    dash: str  # "" for a solid line
    marker: str  # "circle", "square" or "triangle"
    fill: str = "none"
    width: float = 2.5


SERIES_STYLES = {
    "current": SeriesStyle("#0b0c0c", "", "circle", fill="#0b0c0c", width=2.5),
    "ambition": SeriesStyle("#00703c", "9 5", "square", width=3),
    "inherited": SeriesStyle("#1d70b8", "2 5", "triangle", width=2.5),
}


@dataclass(frozen=True)
class Series:
    key: str  # a SERIES_STYLES key
    label: str
    values: list  # one level (1 up to the chart's levels, or None) per axis


def _radar_point(cx: float, cy: float, radius: float, index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * fraction
    return cx + distance * math.cos(angle), cy + distance * math.sin(angle)


def _marker(kind: str, x: float, y: float, style: SeriesStyle) -> str:
    if kind == "square":
        return (
            f'<rect x="{svgnum(x - 5)}" y="{svgnum(y - 5)}" width="10" height="10" fill="#ffffff" '
            f'stroke="{style.stroke}" stroke-width="2.5"/>'
        )
    if kind == "triangle":
        return (
            f'<polygon points="{svg_points([(x, y - 6), (x + 6, y + 5), (x - 6, y + 5)])}" '
            f'fill="{style.stroke}" stroke="{style.stroke}"/>'
        )
    return f'<circle cx="{svgnum(x)}" cy="{svgnum(y)}" r="4.5" fill="{style.stroke}"/>'


def radar_svg(
    chart_id: str, title: str, desc: str, axes: list[str], series: list[Series], levels: int = 3
) -> SafeString:
    """A radar (spider) chart of levels 1 to ``levels`` on each axis, with a legend inside the SVG."""
    width, cx, cy, radius = 640, 320, 215, 150
    legend_top = cy + radius + 70
    height = legend_top + 28 * len(series) + 8
    count = max(len(axes), 3)

    def point(index: int, level: float, extra: float = 0) -> tuple[float, float]:
        return _radar_point(cx, cy, radius + extra, index, count, level / levels)

    parts = []
    # Rings for the levels, with their numbers on the first axis.
    for level in range(1, levels + 1):
        ring = svg_points(point(i, level) for i in range(count))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        x, y = point(0, level)
        parts.append(text(x + 6, y + 4, str(level), size=12))
    # Axes and their labels.
    for i, label in enumerate(axes):
        x, y = point(i, levels)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{svgnum(x)}" y2="{svgnum(y)}" stroke="{GRID}" stroke-width="1"/>')
        lx, ly = point(i, levels, extra=22)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        ly += 5 if abs(ly - cy) < radius else (0 if ly > cy else -2)
        parts.append(text(lx, ly + (10 if ly > cy + radius else 0), label, anchor=anchor, size=14, weight="bold"))
    # The series.
    for s in series:
        style = SERIES_STYLES[s.key]
        points = [point(i, v or 0) for i, v in enumerate(s.values)]
        if not points:
            continue
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        fill = f'fill="{style.fill}" fill-opacity="0.12"' if style.fill != "none" else 'fill="none"'
        parts.append(
            f'<polygon points="{svg_points(points)}" {fill} stroke="{style.stroke}" '
            f'stroke-width="{svgnum(style.width)}"{dash}/>'
        )
        parts += [_marker(style.marker, x, y, style) for x, y in points]
    # Legend: a sample of each line style with its marker.
    for n, s in enumerate(series):
        style = SERIES_STYLES[s.key]
        y = legend_top + 28 * n
        dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
        parts.append(
            f'<line x1="150" y1="{y}" x2="200" y2="{y}" stroke="{style.stroke}" '
            f'stroke-width="{svgnum(style.width)}"{dash}/>'
        )
        parts.append(_marker(style.marker, 175, y, style))
        parts.append(text(212, y + 5, s.label))
    return svg_document(chart_id, title, desc, width, height, "".join(parts))


def describe(axes: list[str], series: list[Series]) -> str:
    """A plain-language description of a radar chart's data, for <desc>."""
    sentences = []
    for s in series:
        values = ", ".join(f"{axis} {value if value else '–'}" for axis, value in zip(axes, s.values, strict=True))
        sentences.append(f"{s.label}: {values}.")
    return " ".join(sentences)


# --- The R-ladder with the ambition and the chosen strategy marked ------------------------------


@dataclass(frozen=True)
class LadderRung:
    label: str  # e.g. "R0 Weigeren"
    marks: str  # e.g. "ambitie, gekozen", or ""
    highest: bool  # one of the highest R-strategies (R0–R2)


def ladder_svg(chart_id: str, title: str, desc: str, rungs: list[LadderRung]) -> SafeString:
    """The R-ladder as narrowing bars, top rung widest; marked rungs filled dark and named beside the bar."""
    count = len(rungs)
    parts = []
    for index, rung in enumerate(rungs):
        y, text_y, width = 4 + index * 18, 17 + index * 18, 60 + (count - index) * 8
        fill = "#1f5f3a" if rung.marks else ("#cfe3d6" if rung.highest else "#e8e8e8")
        parts.append(
            f'<rect x="0" y="{y}" width="{width}" height="15" rx="2" fill="{fill}" stroke="{INK}" '
            f'stroke-width="{2 if rung.marks else 0.5}"/>'
            f'<text x="4" y="{text_y}" font-size="11" fill="{"#ffffff" if rung.marks else INK}">'
            f"{escape(rung.label)}</text>"
        )
        if rung.marks:
            parts.append(
                f'<text x="{width + 6}" y="{text_y}" font-size="11" font-weight="bold" fill="{INK}">'
                f"◀ {escape(rung.marks)}</text>"
            )
    return svg_document(
        chart_id,
        title,
        desc,
        330,
        8 + count * 18,
        "".join(parts),
        css_class="r-ladder-graphic",
        font_family="DejaVu Sans, sans-serif",
    )


# --- Paired bars: planned against realised per group (the effect of circular choices) -------------


def paired_bar_chart_svg(
    chart_id: str, title: str, desc: str, rows: list[tuple[str, Decimal | None, Decimal | None]], formatter
) -> SafeString:
    """Per group two horizontal bars: planned (filled) and realised (hatched), each with its value written out.

    ``rows``: ``(label, planned, realised)``; None is drawn as no bar and written
    as "onbekend" (never as 0). ``formatter`` writes a value as text (e.g.
    ``format_mass``). Negative values (more than the reference) are drawn from
    zero to the left.
    """
    label_width, bar_width, bar_h, gap = 190, 300, 16, 14
    values = [v for _label, planned, realised in rows for v in (planned, realised) if v is not None]
    high = max([Decimal(0), *values])
    low = min([Decimal(0), *values])
    span = (high - low) or Decimal(1)

    def x(value) -> float:
        return label_width + float((value - low) / span) * bar_width

    zero = x(Decimal(0))
    cid = escape(chart_id)
    unknown = gettext("onbekend")
    series = ((gettext("gepland"), "#1d70b8", ""), (gettext("gerealiseerd"), f"url(#{cid}-diagonal)", "diagonal"))
    parts = [_patterns(chart_id)]
    # legend
    for index, (name, fill, _pattern) in enumerate(series):
        lx = label_width + index * 150
        parts.append(f'<rect x="{svgnum(lx)}" y="4" width="14" height="14" fill="{fill}" stroke="{INK}"/>')
        parts.append(text(lx + 20, 16, name, size=13))
    top = 30
    for index, (label, planned, realised) in enumerate(rows):
        y = top + index * (2 * bar_h + gap)
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(text(label_width - 8, y + bar_h + 4, short, anchor="end", size=13))
        for offset, ((name, fill, _pattern), value) in enumerate(zip(series, (planned, realised), strict=True)):
            by = y + offset * bar_h
            if value is None:
                parts.append(text(zero + 4, by + bar_h - 4, f"{name}: {unknown}", size=12))
                continue
            start, end = sorted((zero, x(value)))
            parts.append(
                f'<rect x="{svgnum(start)}" y="{svgnum(by)}" width="{svgnum(max(1.0, end - start))}" '
                f'height="{bar_h - 2}" fill="{fill}" stroke="{INK}"/>'
            )
            parts.append(text(max(end, zero) + 6, by + bar_h - 4, f"{name}: {formatter(value)}", size=12))
    height = top + len(rows) * (2 * bar_h + gap) + 8
    parts.append(
        f'<line x1="{svgnum(zero)}" x2="{svgnum(zero)}" y1="{top - 4}" y2="{svgnum(height - 6)}" '
        f'stroke="{GRID}" stroke-width="1"/>'
    )
    return svg_document(
        chart_id, title, desc, label_width + bar_width + 200, height, "".join(parts), css_class="kpi-chart", fluid=True
    )


# --- Quartiles: where one value stands against a distribution (the benchmark) ----------------


def quartile_chart_svg(rows: list[dict], chart_id: str, title: str, desc: str) -> SafeString:
    """Per row a box from the first to the third quartile, the median as a line and the own value as a diamond.

    ``rows``: dicts with ``label``, ``p25``, ``median``, ``p75`` and ``own`` (or None), all fractions
    shown as percentages; the scale runs from 0 to 100 % (further when a value exceeds it).
    """
    label_width, plot_width, row_height, top = 260, 420, 44, 30
    high = max([1.0] + [float(v) for row in rows for v in (row["p75"], row["own"]) if v is not None])
    width, height = label_width + plot_width + 30, top + row_height * len(rows) + 30

    def x(value) -> float:
        return label_width + plot_width * float(value) / high

    body = [text(label_width, 18, "0 %", anchor="middle", size=12)]
    high_label = format_percentage(Decimal(str(high * 100)), 0)
    body.append(text(label_width + plot_width, 18, high_label, anchor="middle", size=12))
    for index, row in enumerate(rows):
        y = top + index * row_height
        mid = y + row_height / 2
        body.append(text(label_width - 10, mid + 5, row["label"], anchor="end", size=13))
        body.append(
            f'<line x1="{svgnum(label_width)}" y1="{svgnum(mid)}" x2="{svgnum(label_width + plot_width)}" '
            f'y2="{svgnum(mid)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            f'<rect x="{svgnum(x(row["p25"]))}" y="{svgnum(mid - 10)}" '
            f'width="{svgnum(max(x(row["p75"]) - x(row["p25"]), 1))}" height="20" fill="#d2e2f1" '
            f'stroke="#1d70b8" stroke-width="2"/>'
        )
        body.append(
            f'<line x1="{svgnum(x(row["median"]))}" y1="{svgnum(mid - 14)}" x2="{svgnum(x(row["median"]))}" '
            f'y2="{svgnum(mid + 14)}" stroke="{INK}" stroke-width="3"/>'
        )
        if row["own"] is not None:
            cx = x(row["own"])
            points = [(cx, mid - 9), (cx + 9, mid), (cx, mid + 9), (cx - 9, mid)]
            body.append(f'<polygon points="{svg_points(points)}" fill="#d4351c" stroke="{INK}" stroke-width="1.5"/>')
    return svg_document(chart_id, title, desc, width, height, "".join(body), fluid=True)
