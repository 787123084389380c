"""Writes of service lines, price points (one by one or a CSV file, all-or-nothing) and the tolerance."""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.core.audit import AuditAction, record_event
from accord.markets.models import Market
from accord.partnerships.access import PartnershipAccess, records_visible_to

from .models import DEFAULT_FACTOR_SOURCE, PricePoint, PricingSettings, ServiceLine

_MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
IMPORT_COLUMNS = ("service", "market", "period", "price", "currency", "factor", "factor_source")
REQUIRED_COLUMNS = ("service", "market", "period", "price", "factor")
MAX_IMPORT_ROWS = 10_000
MAX_IMPORT_BYTES = 2 * 1024 * 1024
PRICE_LIMIT = Decimal("10") ** 14
FACTOR_LIMIT = Decimal("10") ** 12


def parse_month(value) -> datetime.date:
    """``YYYY-MM`` or ``YYYY-MM-01`` (a month's first day) → the month's first day; ``ValueError`` otherwise."""
    if isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value or "").strip()
    match = _MONTH.match(text)
    if match is None:
        raise ValueError("A month: YYYY-MM (or its first day, YYYY-MM-01).")
    year, month, day = int(match[1]), int(match[2]), match[3]
    if not 1900 <= year <= 9999 or not 1 <= month <= 12:
        raise ValueError(f"{text} is not a real month.")
    if day is not None and int(day) != 1:
        raise ValueError(f"{text} is not a month's first day; use {text[:7]}.")
    return datetime.date(year, month, 1)


def _number(value, *, positive: bool, limit: Decimal) -> Decimal:
    if isinstance(value, bool) or value is None or value == "":
        raise ValueError("A number is required.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value} is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"{value} is not a number.")
    if positive and number <= 0:
        raise ValueError("Must be greater than 0.")
    if number < 0:
        raise ValueError("Must not be negative.")
    if number >= limit:
        raise ValueError("Too large.")
    return number


@transaction.atomic
def service_line_create(*, access: PartnershipAccess, code: str, name: str, unit: str) -> ServiceLine:
    access.require_write()
    line = ServiceLine(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                       code=(code or "").strip(), name=(name or "").strip(), unit=(unit or "").strip())
    line.full_clean(exclude=["partnership", "owner_party", "created_by"], validate_unique=False)
    # Service lines are shared records: the code check reads what every party sees.
    if records_visible_to(ServiceLine.objects.filter(partnership=access.partnership), access).filter(
            code__iexact=line.code).exists():
        raise ValidationError({"code": f"A service line {line.code} exists already."})
    line.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=line)
    return line


class _Lookups:
    """The partnership's service lines and markets by code (lower case), read once per write."""

    def __init__(self, access: PartnershipAccess):
        self.lines = {line.code.lower(): line for line in records_visible_to(
            ServiceLine.objects.filter(partnership=access.partnership), access)}
        self.markets = {market.code.lower(): market for market in records_visible_to(
            Market.objects.filter(partnership=access.partnership), access)}


def _checked_point(row: dict, lookups: _Lookups) -> tuple[dict, dict]:
    """``(values, errors)`` for one price point; errors keyed by field."""
    errors, values = {}, {}
    line = lookups.lines.get(str(row.get("service") or "").strip().lower())
    if line is None:
        errors["service"] = f"No service line with code {row.get('service') or '(empty)'}."
    market = lookups.markets.get(str(row.get("market") or "").strip().lower())
    if market is None:
        errors["market"] = f"No market with code {row.get('market') or '(empty)'}."
    for field, parse in (("period", parse_month),
                         ("price", lambda v: _number(v, positive=False, limit=PRICE_LIMIT)),
                         ("factor", lambda v: _number(v, positive=True, limit=FACTOR_LIMIT))):
        try:
            values[field] = parse(row.get(field))
        except ValueError as exc:
            errors[field] = str(exc)
    currency = str(row.get("currency") or "").strip().upper()
    if market is not None and currency and currency != market.currency.upper():
        errors["currency"] = f"Market {market.code} prices in {market.currency}, not {currency}."
    source = str(row.get("factor_source") or "").strip() or DEFAULT_FACTOR_SOURCE
    if len(source) > 200:
        errors["factor_source"] = "At most 200 characters."
    if "price" in values and values["price"] != values["price"].quantize(Decimal("0.0001")):
        errors["price"] = "At most 4 decimals."
    if "factor" in values and values["factor"] != values["factor"].quantize(Decimal("0.000001")):
        errors["factor"] = "At most 6 decimals."
    values.update(service_line=line, market=market, currency=market.currency if market else "",
                  factor_source=source)
    return values, errors


def _write_points(access: PartnershipAccess, rows: list[dict]) -> tuple[int, int]:
    """Create or overwrite each checked point; ``(created, changed)``."""
    created = changed = 0
    for values in rows:
        point, is_new = PricePoint.objects.select_for_update().get_or_create(
            service_line=values["service_line"], market=values["market"], period=values["period"],
            defaults={"partnership": access.partnership, "owner_party": access.party, "created_by": access.user,
                      "price": values["price"], "currency": values["currency"], "factor": values["factor"],
                      "factor_source": values["factor_source"]})
        if is_new:
            created += 1
            continue
        fields = ("price", "currency", "factor", "factor_source")
        if any(getattr(point, field) != values[field] for field in fields):
            for field in fields:
                setattr(point, field, values[field])
            point.revision += 1
            point.full_clean(exclude=["partnership", "owner_party", "created_by", "service_line", "market"],
                             validate_unique=False)
            point.save()
            changed += 1
    return created, changed


@transaction.atomic
def price_point_save(*, access: PartnershipAccess, service: str, market: str, period, price, factor,
                     factor_source: str = "", currency: str = "") -> PricePoint:
    """Record (or correct) the price of a service line in a market for a month."""
    access.require_write()
    values, errors = _checked_point({"service": service, "market": market, "period": period, "price": price,
                                     "factor": factor, "factor_source": factor_source, "currency": currency},
                                    _Lookups(access))
    if errors:
        raise ValidationError(errors)
    created, changed = _write_points(access, [values])
    point = PricePoint.objects.get(service_line=values["service_line"], market=values["market"],
                                   period=values["period"])
    if created or changed:
        record_event(actor=access.user, acting_party=access.party,
                     action=AuditAction.CREATE if created else AuditAction.UPDATE, record=point,
                     label=f"{point.service_line.code} in {point.market.code} for {point.period:%Y-%m}",
                     changes=[{"field": "price", "before": None, "after": str(point.price)},
                              {"field": "factor", "before": None, "after": str(point.factor)}])
    return point


def _csv_rows(data: bytes) -> tuple[list[str], list[list[str]]]:
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError({"file": f"A file of at most {MAX_IMPORT_BYTES // (1024 * 1024)} MB."})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": "The file is not UTF-8 text (save it as CSV UTF-8)."}) from None
    if "\x00" in text:
        raise ValidationError({"file": "The file is not a CSV text file."})
    try:
        lines = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ValidationError({"file": f"The file is not valid CSV: {exc}."}) from None
    if not lines:
        raise ValidationError({"file": "The file is empty."})
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ValidationError({"file": f"Missing column(s): {', '.join(missing)}. Columns: "
                                       f"{', '.join(IMPORT_COLUMNS)} (currency and factor_source optional)."})
    body = [line for line in lines[1:] if any(cell.strip() for cell in line)]
    if len(body) > MAX_IMPORT_ROWS:
        raise ValidationError({"file": f"At most {MAX_IMPORT_ROWS:,} rows in one file."})
    return header, body


@transaction.atomic
def price_points_import(*, access: PartnershipAccess, data: bytes, file_name: str = "") -> dict:
    """A CSV file of price points, all or nothing: any bad row → ``ValidationError`` naming each row
    (``row 3: market: No market with code XX.``; row 1 is the header) and nothing written."""
    access.require_write()
    header, body = _csv_rows(data)
    lookups = _Lookups(access)
    checked, problems, seen = [], [], {}
    for number, line in enumerate(body, start=2):
        row = dict(zip(header, line, strict=False))
        values, errors = _checked_point(row, lookups)
        key = (row.get("service", "").strip().lower(), row.get("market", "").strip().lower(), values.get("period"))
        if not errors and key in seen:
            errors["period"] = f"The same service, market and month as row {seen[key]}."
        seen.setdefault(key, number)
        problems += [f"row {number}: {field}: {message}" for field, message in errors.items()]
        checked.append(values)
    if not body:
        raise ValidationError({"file": "The file has a header but no rows."})
    if problems:
        raise ValidationError({"file": problems[:200]})
    created, changed = _write_points(access, checked)
    settings = PricingSettings.objects.get_or_create(partnership=access.partnership)[0]
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=settings,
                 partnership=access.partnership,
                 label=f"price points imported from {file_name[:100] or 'a file'} ({len(checked)} rows)",
                 changes=[{"field": "price points created", "before": None, "after": created},
                          {"field": "price points changed", "before": None, "after": changed}])
    return {"rows": len(checked), "created": created, "changed": changed}


@transaction.atomic
def pricing_settings_update(*, access: PartnershipAccess, tolerance_percent) -> PricingSettings:
    """The ± tolerance (in %) around the median; managers set it."""
    access.require_manage()
    try:
        tolerance = _number(tolerance_percent, positive=False, limit=Decimal("100.01"))
    except ValueError as exc:
        raise ValidationError({"tolerance_percent": str(exc)}) from None
    if tolerance > 100 or tolerance != tolerance.quantize(Decimal("0.01")):
        raise ValidationError({"tolerance_percent": "A percentage from 0 to 100 with at most 2 decimals."})
    settings = PricingSettings.objects.select_for_update().get_or_create(partnership=access.partnership)[0]
    before = settings.tolerance_percent
    if before != tolerance:
        settings.tolerance_percent = tolerance
        settings.full_clean(exclude=["partnership"])
        settings.save()
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=settings,
                     partnership=access.partnership,
                     changes=[{"field": "tolerance_percent", "before": str(before), "after": str(tolerance)}])
    return settings
