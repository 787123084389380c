from decimal import Decimal

from django.template import Context, Template

from accord.core.templatetags.accord_format import percent


def test_percent_shows_a_ratio_as_a_percentage():
    assert percent(Decimal("0.7759")) == "77.6%"
    assert percent(Decimal("0.7759"), 2) == "77.59%"
    assert percent(Decimal("1.5")) == "150%"
    assert percent(Decimal("0")) == "0%"
    assert percent(None) == "" and percent("not a number") == ""


def test_percent_in_a_template():
    rendered = Template("{% load accord_format %}{{ ratio|percent }}").render(Context({"ratio": Decimal("0.9")}))
    assert rendered == "90%"
