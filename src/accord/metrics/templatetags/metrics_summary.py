from django import template
from django.utils.html import format_html

from accord.metrics.scorecards.calculations import number

register = template.Library()


@register.filter
def plain(value):
    """A Decimal without trailing zeros: 98.500000 → 98.5."""
    return "" if value is None else number(value)


@register.simple_tag(takes_context=True)
def sort_link(context, key, label, current, query=""):
    """A column heading that sorts by ``key``; clicking the sorted column again reverses it. ``query``: the
    page's other parameters (its filters), kept."""
    target = f"-{key}" if current == key else key
    marker = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    return format_html('<a href="?{}sort={}">{}{}</a>', f"{query}&" if query else "", target, label, marker)
