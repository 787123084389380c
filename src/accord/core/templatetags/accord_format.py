"""Filters that show numbers the way people read them on a page (the API keeps the raw values)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def percent(ratio, places: int = 1):
    """A ratio as a percentage for people: 0.7759 → "77.6%", 1.5 → "150%". Empty for no value."""
    if ratio is None or ratio == "":
        return ""
    try:
        value = (Decimal(str(ratio)) * 100).quantize(Decimal(1).scaleb(-int(places)))
    except (InvalidOperation, ValueError):
        return ""
    text = format(value.normalize(), "f")
    return f"{'0' if text in ('-0', '') else text}%"
