"""``{% load benchmark_format %}``: ``{{ value|metric_value:row.kind }}`` shows a benchmark figure in its kind.

A fraction as a percentage ("75%"), an intensity stored in kg per € 1.000 as "12,5 kg per € 1.000".
"""

from django import template

from learning.benchmark import MetricKind
from lib import formatting

register = template.Library()


@register.filter
def metric_value(value, kind=MetricKind.FRACTION) -> str:
    if kind == MetricKind.KG_PER_1000_EUR:
        text = formatting.format_number(value, 1)
        if text == formatting.UNKNOWN:
            return text
        return f"{text} kg per €{formatting.NBSP}1.000"
    return formatting.format_percent(value)
