"""The pricing parity index (P3): service lines, their prices per market and month, and the
normalisation factor that makes prices in different currencies comparable."""

from decimal import Decimal

from django.db import models

from accord.markets.models import Market
from accord.partnerships.models import Partnership, PartnershipRecord

DEFAULT_FACTOR_SOURCE = "World Bank PPP conversion factor (LCU per international $)"
DEFAULT_TOLERANCE = Decimal("10")


class ServiceLine(PartnershipRecord):
    """What is priced, e.g. "cleaning hour", with its unit."""

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40)

    class Meta:
        ordering = ["code", "id"]
        constraints = [models.UniqueConstraint(fields=["partnership", "code"], name="service_line_code_once")]

    def __str__(self):
        return f"{self.code} — {self.name}"


class PricePoint(PartnershipRecord):
    """The price of a service line in a market for a month (``period`` is the month's first day), in the
    market's currency, with the factor that normalises it (price ÷ factor) and where the factor comes from."""

    service_line = models.ForeignKey(ServiceLine, on_delete=models.CASCADE, related_name="price_points")
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="+")
    period = models.DateField()
    price = models.DecimalField(max_digits=18, decimal_places=4)
    currency = models.CharField(max_length=3)
    factor = models.DecimalField(max_digits=18, decimal_places=6)
    factor_source = models.CharField(max_length=200, default=DEFAULT_FACTOR_SOURCE)

    class Meta:
        ordering = ["period", "service_line_id", "market_id"]
        constraints = [
            models.UniqueConstraint(fields=["service_line", "market", "period"], name="price_point_once"),
            models.CheckConstraint(condition=models.Q(factor__gt=0), name="price_point_factor_positive"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="price_point_price_not_negative"),
        ]
        indexes = [models.Index(fields=["partnership", "period"])]

    def __str__(self):
        return f"{self.service_line_id} {self.market_id} {self.period}: {self.price} {self.currency}"


class PricingSettings(models.Model):
    """Per partnership: how far (±%) from the median a market's index may be before it is flagged."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="+")
    tolerance_percent = models.DecimalField(max_digits=5, decimal_places=2, default=DEFAULT_TOLERANCE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(
            condition=models.Q(tolerance_percent__gte=0, tolerance_percent__lte=100),
            name="pricing_tolerance_between_0_and_100")]

    def __str__(self):
        return f"pricing tolerance ±{self.tolerance_percent}%"
