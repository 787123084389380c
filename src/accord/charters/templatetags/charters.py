from django import template

from accord.charters.selectors import charter_review_flag

register = template.Library()


@register.simple_tag
def charter_review_for(access):
    """The charter's review dates and flags for the page's ``access`` (nothing without access)."""
    if not access:  # a page without a partnership access has no charter to flag
        return {}
    return charter_review_flag(access=access)
