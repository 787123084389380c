"""Indicators (CPI, KPI, KFI, relationship), their measurements, and scorecard settings."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from accord.partnerships.models import Partnership, PartnershipRecord


class IndicatorKind(models.TextChoices):
    CPI = "cpi", "CPI — critical, non-negotiable"
    KPI = "kpi", "KPI — key performance"
    KFI = "kfi", "KFI — key financial"
    RELATIONSHIP = "relationship", "Relationship"


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class Aggregation(models.TextChoices):
    SUM = "sum", "Sum"
    AVERAGE = "average", "Average"
    LAST = "last", "Last value"


class Scope(models.TextChoices):
    """Where an indicator is measured: once for the whole partnership, or per market, or per site."""

    PARTNERSHIP = "partnership", "The whole partnership"
    MARKET = "market", "Per market"
    SITE = "site", "Per site"


class Rollup(models.TextChoices):
    """How the markets' values of a per-market (or per-site) indicator make the partnership's value."""

    SUM = "sum", "Sum of the markets"
    AVERAGE = "average", "Average of the markets"
    WEIGHTED = "weighted", "Average weighted by each market's weight"
    WORST = "worst", "The worst market"


class EntryBy(models.TextChoices):
    OWNER = "owner", "The owner party"
    BOTH = "both", "Both parties"


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", "Entered by hand"
    FILE = "file", "File import"
    API = "api", "API"
    GOVERNANCE = "governance", "Governance records (automatic)"
    AUDIT = "audit", "Quality audit"


def _decimal(**kwargs):
    return models.DecimalField(max_digits=20, decimal_places=6, **kwargs)


class IndicatorStatus(models.TextChoices):
    """Whether the parties have agreed a shared indicator; only agreed ones count in a scorecard."""

    PROPOSED = "proposed", "Proposed, awaiting acceptance"
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Indicator(PartnershipRecord):
    """What the partnership measures. ``owner_party`` is the party responsible for it.

    ``bands`` is a list of 2 to 5 ``{"low", "high", "status"}`` ranges ``[low, high)`` on the
    measured value (``null`` for an open end), each green, amber or red.
    """

    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.KPI)
    unit = models.CharField(max_length=40, blank=True, help_text="e.g. %, hours, USD, score")
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.HIGHER_IS_BETTER)
    target = _decimal()
    baseline = _decimal(null=True, blank=True)
    stretch = _decimal(null=True, blank=True)
    bands = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    aggregation = models.CharField(max_length=20, choices=Aggregation.choices, default=Aggregation.AVERAGE)
    weight = _decimal(default=Decimal("1"), validators=[MinValueValidator(Decimal("0"))])
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.PARTNERSHIP)
    rollup = models.CharField(max_length=20, choices=Rollup.choices, default=Rollup.AVERAGE)
    entry_by = models.CharField(max_length=10, choices=EntryBy.choices, default=EntryBy.OWNER)
    data_source = models.CharField(max_length=200, blank=True)
    method = models.TextField("method of measurement", blank=True)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    # The score-moving fields above mirror the newest definition (``IndicatorDefinition``); scorecards read
    # the definition in force for their period.
    status = models.CharField(max_length=20, choices=IndicatorStatus.choices, default=IndicatorStatus.AGREED)

    class Meta:
        ordering = ["kind", "code"]
        constraints = [
            # Codes are unique (in any case) among the shared indicators of a partnership, and among each
            # party's private ones; a private code may equal the other party's, which nobody may learn.
            models.UniqueConstraint(Lower("code"), "partnership", condition=models.Q(visibility="shared"),
                                    name="indicator_code_unique_among_shared"),
            models.UniqueConstraint(Lower("code"), "partnership", "owner_party", condition=models.Q(visibility="private"),
                                    name="indicator_code_unique_among_party_private"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="indicator_weight_not_negative"),
        ]
        indexes = [models.Index(fields=["partnership", "visibility", "owner_party"])]

    def __str__(self):
        return f"{self.code} — {self.name}"

    def may_be_entered_by(self, party) -> bool:
        """Whether ``party`` may record values of this indicator."""
        return self.entry_by == EntryBy.BOTH or self.owner_party_id == party.pk


class MeasurementBatch(PartnershipRecord):
    """One write of measurements: a file, a bulk API call, a grid save, one value by hand, a deletion.

    The audit event of the write points here, so the activity feed can list the values it
    created or corrected. The values of a party's private indicators go in a batch of their own,
    private to that party, so that a shared batch never counts or lists them.
    """

    source = models.CharField(max_length=10, choices=MeasurementSource.choices)
    file_name = models.CharField(max_length=255, blank=True)
    created = models.PositiveIntegerField(default=0)
    corrected = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        where = self.file_name or self.get_source_display().lower()
        return f"measurements from {where} ({self.created + self.corrected + self.deleted} values)"
class IndicatorChange(models.Model):
    """A proposed change to the score-moving fields of an indicator, from a month onward.

    A shared indicator's change takes effect when a manager of every other accepted party accepts it;
    a private indicator's change is accepted as it is made. ``is_creation``: the proposal of a new shared
    indicator as a whole (``effective_from`` empty: for its whole life).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="changes")
    is_creation = models.BooleanField(default=False)
    fields = models.JSONField(default=dict)  # field -> new value, JSON-ready (decimals as text)
    effective_from = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PROPOSED)
    party = models.ForeignKey("partnerships.Party", on_delete=models.CASCADE, related_name="+")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    acceptances = models.JSONField(default=list, blank=True)  # [{"party", "user", "at"}], one per other party
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["indicator", "status"])]

    def __str__(self):
        return f"Change #{self.pk} of {self.indicator_id} ({self.status})"


class IndicatorDefinition(models.Model):
    """The score-moving fields of an indicator in force from ``effective_from`` (empty: from the start)
    until the next definition. Never edited: a change adds a definition."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="definitions")
    effective_from = models.DateField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=IndicatorKind.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    target = _decimal()
    baseline = _decimal(null=True, blank=True)
    stretch = _decimal(null=True, blank=True)
    bands = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    aggregation = models.CharField(max_length=20, choices=Aggregation.choices)
    weight = _decimal(validators=[MinValueValidator(Decimal("0"))])
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.PARTNERSHIP)
    rollup = models.CharField(max_length=20, choices=Rollup.choices, default=Rollup.AVERAGE)
    active_from = models.DateField(null=True, blank=True)
    active_to = models.DateField(null=True, blank=True)
    change = models.ForeignKey(IndicatorChange, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    agreed_on = models.DateField(default=timezone.localdate)
    # Shown on every scorecard it applies to when it was agreed after its start, e.g.
    # "target 95 applies from 2026-03 (agreed 2026-06-10)".
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["indicator_id", models.F("effective_from").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "effective_from"], name="one_definition_per_start"),
            models.UniqueConstraint(fields=["indicator"], condition=models.Q(effective_from__isnull=True),
                                    name="one_definition_from_the_start"),
        ]

    def __str__(self):
        return f"{self.indicator_id} from {self.effective_from or 'the start'}"


class Measurement(models.Model):
    """One value of one indicator for one period (named by its start date).

    ``partnership`` is copied from the indicator so that portfolio-wide reads need no join.
    A correction overwrites ``value`` and keeps the earlier value in ``MeasurementRevision``.
    """

    # No single-column indexes: (indicator, period) and (partnership, period) lead with the keys, nothing
    # reads measurements by who entered them (removing a user updates them with one scan), and every
    # extra index slows the million-row imports down.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements", db_index=False)
    period = models.DateField()
    value = _decimal()
    comment = models.TextField(blank=True)
    # A per-market indicator's value names its market; a per-site one its site and (always) the site's market.
    # No indexes of their own: the unique constraints below lead with the indicator and carry them.
    market = models.ForeignKey("markets.Market", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                               db_index=False)
    site = models.ForeignKey("markets.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             db_index=False)
    source = models.CharField(max_length=10, choices=MeasurementSource.choices, default=MeasurementSource.MANUAL)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                                   db_index=False)
    entered_at = models.DateTimeField(default=timezone.now)
    batch = models.ForeignKey(MeasurementBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              db_index=False)

    class Meta:
        ordering = ["indicator_id", "period"]
        # One value per indicator, period and place (the partnership: no market; a market; a site), in ONE index
        # over every row: an empty market or site counts as 0, so that NULLs do not escape uniqueness. Partial
        # unique indexes would do the same, but SQLite uses a partial index only for queries that repeat its
        # condition, and every read by indicator (scorecards, the portfolio, the writer) would scan the table.
        constraints = [
            models.UniqueConstraint(F("indicator"), F("period"), Coalesce(F("market"), 0), Coalesce(F("site"), 0),
                                    name="one_measurement_per_indicator_period_place"),
            models.CheckConstraint(condition=models.Q(site__isnull=True) | models.Q(market__isnull=False),
                                   name="measurement_site_within_its_market"),
        ]
        indexes = [models.Index(fields=["partnership", "period"])]

    def __str__(self):
        return f"{self.indicator_id} {self.period}: {self.value}"


class RevisionReason(models.TextChoices):
    CORRECTED = "corrected", "Corrected"
    DELETED = "deleted", "Deleted"


class MeasurementRevision(models.Model):
    """An earlier value of an indicator for a period, kept when it was corrected or deleted.

    It names its indicator and period itself, so the history outlives a deleted measurement
    (``measurement`` is then empty).
    """

    measurement = models.ForeignKey(Measurement, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="revisions")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    period = models.DateField()
    market = models.ForeignKey("markets.Market", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    site = models.ForeignKey("markets.Site", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    value = _decimal()
    comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=MeasurementSource.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField()
    batch = models.ForeignKey(MeasurementBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                              help_text="the write that entered this value")
    reason = models.CharField(max_length=10, choices=RevisionReason.choices, default=RevisionReason.CORRECTED)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [models.Index(fields=["indicator", "period"])]

    def __str__(self):
        return f"{self.measurement_id} was {self.value}"


class ScorecardSettings(models.Model):
    """Per-partnership thresholds for the overall status (defaults: green at 100, amber at 90)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="scorecard_settings")
    green_at = _decimal(default=Decimal("100"))
    amber_at = _decimal(default=Decimal("90"))

    class Meta:
        verbose_name_plural = "scorecard settings"
        constraints = [
            models.CheckConstraint(condition=models.Q(amber_at__lte=models.F("green_at")), name="amber_below_green"),
        ]

    def __str__(self):
        return f"Scorecard settings of {self.partnership}"


class ScorecardComment(PartnershipRecord):
    """A word on one month's scorecard: shared commentary both parties write and read, or a party's
    private note on the month (``visibility`` private), which never reaches the other party."""

    period = models.DateField(help_text="the month, named by its first day")
    text = models.TextField()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["partnership", "period"])]

    def __str__(self):
        return f"{self.period:%Y-%m}: {self.text[:60]}"


class PortfolioPeriod(models.Model):
    """One partnership's shared scorecard for one month, as ``scorecard_for_period`` computes it, stored.

    Written only by ``metrics.portfolio.refresh`` when an input changes (a measurement, an indicator's
    definition or agreement, the thresholds), so that the portfolio reads numbers instead of computing
    them. A month without a row has no data. ``health_index``/``health_status`` are filled by the period
    contributors registered with ``refresh.register_period_contributor`` (empty until one is).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="portfolio_periods")
    period = models.DateField(help_text="the month, named by its first day")
    score = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=20)
    cpi_breaches = models.PositiveIntegerField(default=0)
    red = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    no_data = models.BooleanField(default=True)
    health_index = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    health_status = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["partnership_id", "period"]
        constraints = [models.UniqueConstraint(fields=["partnership", "period"], name="portfolio_period_once")]

    def __str__(self):
        return f"{self.partnership_id} {self.period:%Y-%m}: {self.status}"


class PortfolioStanding(models.Model):
    """Where a partnership stands in the portfolio: its latest stored month (the month its scorecard opens
    on by default) and whether a refresh is still running (a large import refreshes in a task)."""

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="portfolio_standing")
    # No database constraint: a refresh deletes and rewrites a partnership's months, then points this at the
    # new latest row in the same transaction; a plain DELETE (no per-row SET NULL) keeps that fast.
    latest = models.ForeignKey(PortfolioPeriod, on_delete=models.DO_NOTHING, db_constraint=False, null=True,
                               blank=True, related_name="+")
    refresh_pending = models.BooleanField(default=False)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Portfolio standing of {self.partnership_id}"
