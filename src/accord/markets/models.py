"""Where a partnership delivers: its markets (countries or regions) and the sites within them.

Both are shared records: every party sees the same markets and sites, and measurements,
audits and price points refer to them by code.
"""

from django.db import models

from accord.partnerships.models import PartnershipRecord


class Market(PartnershipRecord):
    """A market of the partnership: usually a country, with the currency prices are quoted in."""

    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. DE.")
    currency = models.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR.")
    region = models.CharField(max_length=100, blank=True)
    weight = models.DecimalField(
        max_digits=18, decimal_places=4, null=True, blank=True,
        help_text="The market's weight in weighted roll-ups (e.g. headcount or volume).",
    )

    class Meta:
        ordering = ["code", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="market_code_once")]

    def __str__(self):
        return f"{self.code} — {self.name}"


class Site(PartnershipRecord):
    """A site within a market: an office, a plant, a hospital building."""

    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="sites")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["code", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="site_code_once")]

    def __str__(self):
        return f"{self.code} — {self.name}"
