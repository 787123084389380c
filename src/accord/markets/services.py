"""Writes of markets and sites: managers add and edit them, by hand, through the API or from a CSV file.

Each write checks the record (``full_clean`` and the rules below: an ISO 3166-1 country, a supported ISO 4217
currency, a code unused in the partnership), saves it and records one audit event in the same transaction.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, record_event, snapshot
from accord.core.currencies import currency_problem
from accord.core.updates import apply_fields, model_update, reject_unknown_fields
from accord.metrics.measurements.files import cell_text, reading
from accord.metrics.portfolio.refresh import portfolio_refresh
from accord.partnerships.access import PartnershipAccess, records_visible_to

from .countries import country_problem
from .models import Market, Site

MARKET_FIELDS = ("code", "name", "country", "currency", "region", "weight")
SITE_FIELDS = ("code", "name", "address", "market")
REQUIRED = {"market": ("code", "name", "country", "currency"), "site": ("code", "name", "market")}
CODE_TAKEN = {"market": "A market with this code already exists in this partnership.",
              "site": "A site with this code already exists in this partnership."}
CLEAN_EXCLUDE = ("partnership", "owner_party", "created_by")
WEIGHT_PLACES = Decimal("0.0001")
WEIGHT_LIMIT = Decimal(10) ** 14  # the column: 18 digits, 4 after the point


def _market_value(name: str, value):
    if name == "weight":
        if value in (None, ""):
            return None
        try:
            weight = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValidationError({"weight": f"{value!r} is not a number."}) from None
        if not weight.is_finite() or weight < 0:
            raise ValidationError({"weight": "A weight is a number of 0 or more (e.g. headcount or volume)."})
        if weight >= WEIGHT_LIMIT or weight.as_tuple().exponent < WEIGHT_PLACES.as_tuple().exponent:
            raise ValidationError({"weight": "A weight has at most 14 digits before the point and 4 after."})
        # As the column keeps it, so that the same weight imported again is found unchanged.
        return weight.quantize(WEIGHT_PLACES)
    value = "" if value is None else str(value).strip()
    return value.upper() if name in ("country", "currency") else value


def _market_rules(market: Market) -> dict:
    errors = {}
    if problem := country_problem(market.country):
        errors["country"] = problem
    if problem := currency_problem(market.currency):
        errors["currency"] = problem
    if Market.objects.filter(partnership_id=market.partnership_id, code=market.code).exclude(pk=market.pk).exists():
        errors["code"] = CODE_TAKEN["market"]
    return errors


def _site_value(access: PartnershipAccess):
    def normalize(name: str, value):
        if name != "market":
            return "" if value is None else str(value).strip()
        if isinstance(value, Market):
            return value
        code = "" if value is None else str(value).strip()
        # Resolved inside the partnership: a code of another partnership's market is simply unknown.
        market = records_visible_to(Market.objects.all(), access).filter(code=code).first() if code else None
        if market is None:
            raise ValidationError({"market": f"There is no market with code {code!r} in this partnership."
                                   if code else "Give the code of the site's market."})
        return market
    return normalize


def _site_rules(site: Site) -> dict:
    if Site.objects.filter(partnership_id=site.partnership_id, code=site.code).exclude(pk=site.pk).exists():
        return {"code": CODE_TAKEN["site"]}
    return {}


def _create(access: PartnershipAccess, record, fields: dict, normalize, rules, allowed) -> None:
    reject_unknown_fields(fields, allowed)
    apply_fields(record, fields, normalize=normalize, validate=rules, clean_exclude=CLEAN_EXCLUDE,
                 validate_constraints=False)
    record.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=record,
                 label=f"{record._meta.verbose_name} {record.code}",
                 changes=[{"field": name, "before": None, "after": value}
                          for name, value in snapshot(record, allowed).items() if value not in (None, "")])


@transaction.atomic
def market_create(*, access: PartnershipAccess, code: str, name: str, country: str, currency: str,
                  region: str = "", weight=None) -> Market:
    """A new market of the partnership (managers only)."""
    access.require_manage()
    market = Market(partnership=access.partnership, owner_party=access.party, created_by=access.user)
    _create(access, market, {"code": code, "name": name, "country": country, "currency": currency, "region": region,
                             "weight": weight}, _market_value, _market_rules, MARKET_FIELDS)
    return market


@transaction.atomic
def market_update(*, access: PartnershipAccess, market: Market, revision: int | None = None, **fields) -> Market:
    """Change a market's fields (managers only); one audit event listing what changed."""
    access.require_manage()
    market = Market.objects.select_for_update().get(pk=market.pk)
    weight_before = market.weight
    model_update(access=access, instance=market, fields=fields, allowed=MARKET_FIELDS, revision=revision,
                 normalize=_market_value, validate=_market_rules, clean_exclude=CLEAN_EXCLUDE,
                 validate_constraints=False, label=f"market {market.code}")
    if market.weight != weight_before:  # weighted roll-ups move in every month: the stored portfolio follows
        portfolio_refresh(spans={access.partnership.pk: None})
    return market


@transaction.atomic
def site_create(*, access: PartnershipAccess, code: str, name: str, market, address: str = "") -> Site:
    """A new site within one of the partnership's markets (named by its code, or the market itself)."""
    access.require_manage()
    site = Site(partnership=access.partnership, owner_party=access.party, created_by=access.user)
    _create(access, site, {"code": code, "name": name, "market": market, "address": address},
            _site_value(access), _site_rules, SITE_FIELDS)
    return site


@transaction.atomic
def site_update(*, access: PartnershipAccess, site: Site, revision: int | None = None, **fields) -> Site:
    """Change a site's fields, or move it to another market of the partnership (managers only)."""
    access.require_manage()
    site = Site.objects.select_for_update().get(pk=site.pk)
    market_before = site.market_id
    model_update(access=access, instance=site, fields=fields, allowed=SITE_FIELDS, revision=revision,
                 normalize=_site_value(access), validate=_site_rules, clean_exclude=CLEAN_EXCLUDE,
                 validate_constraints=False, label=f"site {site.code}")
    if site.market_id != market_before:  # its values now roll up into another market
        portfolio_refresh(spans={access.partnership.pk: None})
    return site


# Importing from a file ---------------------------------------------------------------------------

@dataclass
class PlacesImportResult:
    """What an import did; any error: nothing written (``errors``: ``(row, column, message)``)."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return (f"Nothing imported: {len(self.errors)} problem(s). Fix them and import the whole file again.")
        return (f"Imported {self.kind}s: {self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged.")


def _file_rows(rows, is_mapping: bool, kind: str, result: PlacesImportResult):
    """``(row number, {column: text})`` for each non-blank row; header problems go to ``result``."""
    columns = MARKET_FIELDS if kind == "market" else SITE_FIELDS
    if is_mapping:
        yield from ((number, {name: cell_text(row.get(name)) for name in columns})
                    for number, row in enumerate(rows, start=1))
        return
    header = [(name or "").strip().lower() for name in next(rows, [])]
    missing = [name for name in REQUIRED[kind] if name not in header]
    if missing:
        result.errors.append((1, missing[0], f"the required column(s) {', '.join(missing)} are missing; the file's "
                                             f"first row must name the columns ({', '.join(columns)})"))
        return
    for number, cells in enumerate(rows, start=2):
        row = {name: cell_text(cells[index]) if index < len(cells) else ""
               for index, name in enumerate(header) if name in columns}
        if any(value.strip() for value in row.values()):
            yield number, row


def places_import(*, access: PartnershipAccess, kind: str, rows_or_file) -> PlacesImportResult:
    """Create or update markets (``kind="market"``: code, name, country, currency, region, weight) or sites
    (``"site"``: code, name, market, address) from a CSV/XLSX file or a list of mappings, matched by code.

    All or nothing: every row is checked (each problem named by row and column) and, if any is bad, nothing is
    written. Importing the same file again changes nothing (each row is found unchanged).
    """
    if kind not in REQUIRED:
        raise ValueError(f"unknown kind {kind!r}")
    access.require_manage()
    result = PlacesImportResult(kind=kind)
    model, create, update = ((Market, market_create, market_update) if kind == "market"
                             else (Site, site_create, site_update))
    with reading(rows_or_file) as (rows, is_mapping, _fraction), transaction.atomic():
        seen = {}
        existing = {record.code: record for record in records_visible_to(model.objects.all(), access)}
        for number, row in _file_rows(rows, is_mapping, kind, result):
            code = row.get("code", "").strip()
            if code in seen:
                result.errors.append((number, "code", f"{code} already appears on row {seen[code]}"))
                continue
            seen[code] = number
            try:
                with transaction.atomic():
                    record = existing.get(code)
                    if record is None:
                        existing[code] = create(access=access, **row)
                        result.created += 1
                    else:
                        before = record.revision
                        fields = {k: v for k, v in row.items() if k != "code"}
                        existing[code] = update(access=access, **{kind: record}, **fields)
                        changed = existing[code].revision != before
                        result.updated += changed
                        result.unchanged += not changed
            except ValidationError as exc:
                for column, messages in exc.message_dict.items():
                    for message in messages:
                        result.errors.append((number, column, message))
        if result.errors:
            transaction.set_rollback(True)
            result.created = result.updated = result.unchanged = 0
    return result
