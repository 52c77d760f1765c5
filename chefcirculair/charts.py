"""Server-side SVG charts: plain markup, so they work in the page and in a PDF.

Every chart is ``role="img"`` with a ``<title>`` and ``<desc>`` (referenced by
``aria-labelledby``), distinguishes its series by shape and line style as well
as colour, and is always shown next to a table with the same data.
"""

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

INK = "#0b0c0c"
GRID = "#6f777b"


def svg_document(chart_id: str, title: str, desc: str, width: int, height: int, body: str) -> SafeString:
    """Wrap ``body`` (trusted SVG markup) in an accessible, scalable <svg> element."""
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{id}" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
    )
    # Every value is escaped above (format_html) or by the callers (text()).
    return mark_safe(f"{head}{body}</svg>")  # noqa: S308  # nosec B308 B703


def text(x: float, y: float, value, *, anchor: str = "start", size: int = 14, weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'font-weight="{weight}" fill="{INK}">{escape(value)}</text>'
    )


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
    return (
        "<defs>"
        f'<pattern id="{chart_id}-diagonal" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        '<rect width="4" height="8" fill="#1d70b8"/></pattern>'
        f'<pattern id="{chart_id}-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="2.2" fill="#505a5f"/></pattern>'
        "</defs>"
    )


def bar_chart_svg(
    chart_id: str, title: str, desc: str, rows: list[tuple[str, str, int]], maximum: int, unit: str = ""
) -> SafeString:
    """Horizontal bars, one per ``(style_key, label, value)`` row, with the value written beside each bar."""
    label_width, bar_width, row_height = 150, 300, 36
    height = 16 + row_height * len(rows)
    parts = [_patterns(chart_id)]
    for index, (key, label, value) in enumerate(rows):
        y = 12 + index * row_height
        style = BAR_STYLES.get(key, BarStyle("#1d70b8"))
        fill = f"url(#{chart_id}-{style.pattern})" if style.pattern else style.fill
        length = 0 if maximum <= 0 else bar_width * value / maximum
        parts.append(text(label_width - 8, y + 18, label, anchor="end"))
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{bar_width}" height="22" fill="#ffffff" stroke="{GRID}"/>'
        )
        if length:
            parts.append(
                f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="22" fill="{fill}" stroke="{INK}"/>'
            )
        parts.append(text(label_width + bar_width + 8, y + 18, f"{value}{unit}", weight="bold"))
    return svg_document(chart_id, title, desc, label_width + bar_width + 60, height, "".join(parts))
