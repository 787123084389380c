"""Building a period's statement (a read: nothing is written here).

The figures are the shared scorecard's (shared agreed indicators only), so every party gets the same
statement. What earlier periods left for this one comes from the *approved* statements (holds not yet
resolved, forfeits that may be earned back) and from today's statuses; an approved period recomputed
with today's values gives the ``adjustment`` carried on this statement.
"""

import datetime
import decimal
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connections
from django.db.models import Q

from accord.accounts.models import membership_of
from accord.core.errors import ExplainedNotFound
from accord.metrics import periods
from accord.metrics.models import Indicator, Measurement, ScorecardSettings
from accord.metrics.scorecards import calculations as scoring
from accord.metrics.scorecards.selectors import SPEC_COLUMNS, PartnershipFigures, definition_rows, recorded_periods
from accord.partnerships.access import PartnershipAccess, records_shared_in_organization_partnerships

from . import calculations as calc
from . import selectors, validation
from .models import FinancialModelVersion, Statement, StatementInnovation, StatementStatus

AT_RISK_KINDS = (calc.LineKind.AT_RISK_HELD, calc.LineKind.AT_RISK_FORFEIT)


@dataclass
class BuiltStatement:
    period: datetime.date
    version: FinancialModelVersion | None
    result: calc.StatementResult
    history_json: dict
    stored: Statement | None = None
    facts: calc.PeriodFacts | None = None  # the scorecard inputs of a statement computed now (None: as approved)


def lines_as_json(lines) -> list[dict]:
    return [{**line.as_dict(), "amount": str(line.amount)} for line in lines]


def _line_from_json(data: dict) -> calc.Line:
    return calc.Line(data["kind"], data["label"], data["indicator"], data["formula"], data["inputs"],
                     Decimal(data["amount"]))


def _model_of(version: FinancialModelVersion, kinds: dict) -> calc.FinancialModel:
    return validation.parse_model(version.terms, kinds)


class _Context:
    """What one partnership's statements are computed from, read once and reused for every period: the shared
    figures, the versions that came into force, the approved statements and the innovations entered.

    ``for_access`` reads one partnership; ``statements_for_period`` fills many from a handful of queries."""

    def __init__(self, *, figures, versions, approved, innovations):
        self.figures = figures
        self.kinds = selectors.shared_indicator_kinds(figures)
        self.versions = list(versions)
        self.approved = dict(sorted(approved.items()))
        self.innovations = innovations  # {period: [StatementInnovation]}
        self._facts: dict = {}
        self._models: dict = {}
        self._ids: dict | None = None

    @classmethod
    def for_access(cls, access: PartnershipAccess) -> "_Context":
        innovations: dict = {}
        for innovation in selectors.innovations(access=access):
            innovations.setdefault(innovation.period, []).append(innovation)
        return cls(figures=selectors.figures_for(access=access), versions=selectors.signed_versions(access=access),
                   approved={s.period: s for s in selectors.statements_approved(access=access)},
                   innovations=innovations)

    def version_for(self, period: datetime.date) -> FinancialModelVersion | None:
        """Of the versions that came into force, the latest start on or before ``period`` (a later version
        never rewrites an earlier period)."""
        candidates = [v for v in self.versions if v.applies_from is not None and v.applies_from <= period]
        return max(candidates, key=lambda v: (v.applies_from, v.number), default=None)

    def model(self, version: FinancialModelVersion) -> calc.FinancialModel:
        if version.pk not in self._models:
            self._models[version.pk] = _model_of(version, self.kinds)
        return self._models[version.pk]

    def innovation_entries(self, period: datetime.date) -> list[calc.InnovationEntry]:
        return [calc.InnovationEntry(item.title, item.validated_value, item.validated_by)
                for item in self.innovations.get(period, ())]

    def facts(self, period, overrides=None) -> calc.PeriodFacts:
        if overrides:
            return selectors.period_facts(self.figures, period, overrides)
        if period not in self._facts:
            self._facts[period] = selectors.period_facts(self.figures, period)
        return self._facts[period]

    def status(self, period, code, current: calc.PeriodFacts) -> str:
        """The status of one indicator in ``period``, as that month's scorecard shows it; evaluated alone when
        the month's whole scorecard is not needed otherwise (earn-back looks at a few indicators only)."""
        facts = current if period == current.period else self._facts.get(period)
        if facts is not None:
            fact = facts.fact(code)
            return fact.status if fact is not None else calc.NO_DATA
        if self._ids is None:
            self._ids = {spec.code: spec.id for spec in self.figures.specs}
        spec = self.figures.spec_for(self._ids[code], period) if code in self._ids else None
        if spec is None or not spec.is_active_in(period):
            return calc.NO_DATA
        values = self.figures.values.get(spec.id, {})
        return scoring.evaluate_indicator(spec, *scoring.value_for_month(spec, values, period)).status

    def approved_lines(self, before: datetime.date):
        for period, statement in self.approved.items():
            if period < before:
                yield period, [_line_from_json(line) for line in statement.lines]


def _held(context: _Context, period: datetime.date) -> list[calc.Held]:
    """Holds on approved statements not yet released by a later approved statement."""
    held, released = [], set()
    for _, lines in context.approved_lines(period):
        for line in lines:
            if line.kind == calc.LineKind.AT_RISK_HELD:
                held.append(calc.Held(datetime.date.fromisoformat(line.inputs["period"]), line.indicator,
                                      -line.amount, line.inputs["mode"]))
            elif line.kind == calc.LineKind.AT_RISK_RELEASED:
                released.add((line.inputs["held_period"], line.indicator))
    return [h for h in held if (h.period.isoformat(), h.indicator) not in released]


def _forfeits(context: _Context, model: calc.FinancialModel, period: datetime.date) -> list[calc.Forfeit]:
    """The forfeits of the period whose earn-back falls due now (N periods back)."""
    if model.at_risk is None or model.at_risk.earn_back_periods <= 0:
        return []
    month = calc.add_months(period, -model.at_risk.earn_back_periods)
    if month in context.approved:
        lines = [_line_from_json(line) for line in context.approved[month].lines]
    else:
        version = context.version_for(month)
        if version is None:
            return []
        earlier = context.model(version)
        if earlier.at_risk is None or earlier.base_fee is None:
            return []
        facts = context.facts(month)
        base = calc.base_fee_line(earlier.base_fee, earlier.currency, facts).amount
        lines = calc.at_risk_lines(earlier.at_risk, base, earlier.currency, facts)
    return [calc.Forfeit(month, line.indicator, -line.amount) for line in lines
            if line.kind == calc.LineKind.AT_RISK_FORFEIT]


def _statuses(context, current, held, forfeits, model) -> dict:
    wanted = {(h.period, h.indicator) for h in held}
    n = model.at_risk.earn_back_periods if model.at_risk else 0
    for forfeit in forfeits:
        wanted |= {(calc.add_months(forfeit.period, k), forfeit.indicator) for k in range(1, n + 1)}
    return {key: context.status(key[0], key[1], current) for key in wanted}


def _adjustments(context: _Context, period: datetime.date, currency: str) -> list[calc.Line]:
    """For each approved earlier period: today's recomputation against what was approved, less what earlier
    adjustments already carried."""
    carried: dict[str, Decimal] = {}
    for _, lines in context.approved_lines(period):
        for line in lines:
            if line.kind == calc.LineKind.ADJUSTMENT:
                carried[line.inputs["period"]] = carried.get(line.inputs["period"], Decimal(0)) + line.amount
    result = []
    for approved_period, statement in context.approved.items():
        if approved_period >= period:
            continue
        stored = [_line_from_json(line) for line in statement.lines]
        approved_net = sum((line.amount for line in stored if line.kind != calc.LineKind.ADJUSTMENT), Decimal(0))
        facts = context.facts(approved_period)
        model = context.model(statement.version)
        history = statement.history or {}
        held = [calc.Held(datetime.date.fromisoformat(h["period"]), h["indicator"], Decimal(h["amount"]), h["mode"])
                for h in history.get("held", [])]
        forfeits = [calc.Forfeit(datetime.date.fromisoformat(f["period"]), f["indicator"], Decimal(f["amount"]))
                    for f in history.get("forfeits", [])]
        recomputed = calc.compute_statement(model, facts, calc.History(
            held=tuple(held), forfeits=tuple(forfeits), statuses=_statuses(context, facts, held, forfeits, model)),
            context.innovation_entries(approved_period))
        # A hold is settled by its release line, not by an adjustment: keep held allocations as approved.
        held_there = {line.indicator for line in stored if line.kind == calc.LineKind.AT_RISK_HELD}
        recomputed_net = sum((line.amount for line in recomputed.lines
                              if not (line.indicator in held_there and line.kind in AT_RISK_KINDS
                                      and line.inputs.get("period") == approved_period.isoformat())), Decimal(0))
        recomputed_net += sum((line.amount for line in stored
                               if line.kind == calc.LineKind.AT_RISK_HELD), Decimal(0))
        then = history.get("values", {})
        changed = [f"{code} {then.get(code, 'no data')} → {fact.value if fact.value is not None else 'no data'}"
                   for code, fact in sorted(facts.indicators.items())
                   if then.get(code, "no data") != (str(fact.value) if fact.value is not None else "no data")]
        trace = ("values corrected since approval: " + "; ".join(changed)) if changed else "recomputed"
        line = calc.adjustment_line(approved_period, approved_net, recomputed_net,
                                    carried.get(approved_period.isoformat(), Decimal(0)), currency, trace)
        if line is not None:
            result.append(line)
    return result


def statement_build(*, access: PartnershipAccess, period: datetime.date, model: calc.FinancialModel | None = None,
                    values: dict | None = None) -> BuiltStatement:
    """The statement of ``period``: the stored one once approved (unless a what-if changes something), else
    computed now with the version that applies to it. ``model``/``values`` make a what-if: nothing is saved."""
    return _build(_Context.for_access(access), period, selectors.statement_stored(access=access, period=period),
                  model=model, values=values)


def _build(context: _Context, period: datetime.date, stored: Statement | None, *,
           model: calc.FinancialModel | None = None, values: dict | None = None) -> BuiltStatement:
    what_if = model is not None or bool(values)
    if stored is not None and stored.status == StatementStatus.APPROVED and not what_if:
        lines = tuple(_line_from_json(line) for line in stored.lines)
        return BuiltStatement(period, stored.version, calc.StatementResult(period, stored.currency, lines),
                              stored.history, stored)
    version = None
    if model is None:
        version = context.version_for(period)
        if version is None:
            raise ExplainedNotFound(f"No signed financial model applies to {period:%B %Y}.")
        model = context.model(version)
    facts = context.facts(period, values)
    held = _held(context, period)
    forfeits = _forfeits(context, model, period)
    history = calc.History(held=tuple(held), forfeits=tuple(forfeits),
                           statuses=_statuses(context, facts, held, forfeits, model),
                           adjustments=tuple(_adjustments(context, period, model.currency)))
    result = calc.compute_statement(model, facts, history, context.innovation_entries(period))
    history_json = {
        "held": [{"period": h.period.isoformat(), "indicator": h.indicator, "amount": str(h.amount), "mode": h.mode}
                 for h in held],
        "forfeits": [{"period": f.period.isoformat(), "indicator": f.indicator, "amount": str(f.amount)}
                     for f in forfeits],
        "values": {code: str(fact.value) for code, fact in facts.indicators.items() if fact.value is not None},
    }
    return BuiltStatement(period, version, result, history_json, stored, facts)


def statement_as_dict(built: BuiltStatement) -> dict:
    stored = built.stored
    approvals = list(stored.approvals.all()) if stored is not None else []
    return {
        "period": built.period.isoformat(),
        "currency": built.result.currency,
        "status": stored.status if stored is not None else StatementStatus.DRAFT,
        "model_version": built.version.number if built.version is not None else None,
        "approvals": [{"party": a.party_id, "organization": a.party.organization.name, "user": a.user.username,
                       "at": a.approved_at} for a in approvals],
        "lines": [line.as_dict() for line in built.result.lines],
        "net_payable": built.result.net_payable,
    }


@dataclass
class MonthStatement:
    """One month of a run of statements: the statement, or why there is none (no model applies)."""

    period: datetime.date
    built: BuiltStatement | None
    problem: str = ""


def statements_for_months(*, access: PartnershipAccess, months: list[datetime.date]) -> list[MonthStatement]:
    """The statements of several months of one partnership, from one read of its figures and history (a
    constant number of queries however many months)."""
    context = _Context.for_access(access)
    stored = {s.period: s for s in selectors.statements(access=access).filter(period__in=months)}
    result = []
    for month in months:
        try:
            result.append(MonthStatement(month, _build(context, month, stored.get(month))))
        except ExplainedNotFound as exc:
            result.append(MonthStatement(month, None, str(exc)))
    return result


def figures_by_kind(result: calc.StatementResult) -> dict[str, Decimal]:
    """A statement summed the way the chart and the year's summary show it: the base fee, the deductions
    (forfeits, holds, releases, earn-backs, CPI penalties and the cap on them), the bonuses (bonus,
    innovation and the cap on them), the gainshare or painshare, and the rest (revenue share, adjustments)."""
    base = result.amount_of(calc.LineKind.BASE_FEE)
    deductions = result.amount_of(calc.LineKind.AT_RISK_FORFEIT, calc.LineKind.AT_RISK_HELD,
                                  calc.LineKind.AT_RISK_RELEASED, calc.LineKind.EARN_BACK,
                                  calc.LineKind.CPI_PENALTY)
    bonus = result.amount_of(calc.LineKind.BONUS, calc.LineKind.INNOVATION)
    for line in result.lines:
        if line.kind == calc.LineKind.CAP:
            if line.label == calc.CAP_ON_DEDUCTIONS:
                deductions += line.amount
            else:
                bonus += line.amount
    gainshare = result.amount_of(calc.LineKind.GAINSHARE, calc.LineKind.PAINSHARE)
    other = result.net_payable - base - deductions - bonus - gainshare
    return {"base": base, "deductions": deductions, "bonus": bonus, "gainshare": gainshare, "other": other,
            "net": result.net_payable}


def statements_for_period(*, user, period: datetime.date) -> dict[int, MonthStatement]:
    """The statement of ``period`` of every partnership the user's organization is party to, computed exactly as
    ``statement_build`` computes one (the same ``_build``), from seven queries whatever the number of
    partnerships: signed versions, stored statements, innovations, indicator definitions, measurements (only the
    months the statements read) and thresholds, each read once for all. Shared records only: every party gets
    the same statements. A partnership no signed model applies to gets the reason instead."""
    membership = membership_of(user)
    if membership is None:
        return {}

    def shared(queryset):
        return records_shared_in_organization_partnerships(queryset, membership.organization_id)

    versions: dict[int, list] = defaultdict(list)
    for version in shared(FinancialModelVersion.objects.filter(in_force_at__isnull=False)):
        versions[version.partnership_id].append(version)
    if not versions:
        return {}
    approved: dict[int, dict] = defaultdict(dict)
    stored: dict[int, Statement] = {}
    for statement in shared(Statement.objects.filter(
            Q(status=StatementStatus.APPROVED, period__lt=period) | Q(period=period))).select_related("version"):
        if statement.period == period:
            stored[statement.partnership_id] = statement
        else:
            approved[statement.partnership_id][statement.period] = statement
    innovations: dict[int, dict] = defaultdict(lambda: defaultdict(list))
    for innovation in shared(StatementInnovation.objects.filter(period__lte=period)):
        innovations[innovation.partnership_id][innovation.period].append(innovation)
    # The months a statement reads: its own, the earn-back periods before it, and the approved months it may
    # recompute for an adjustment; a quarterly or annual value of those months starts at the year's start.
    earliest = period
    for partnership_id, signed in versions.items():
        back = max((_earn_back_periods(version.terms) for version in signed), default=0)
        earliest = min(earliest, calc.add_months(period, -back), *approved[partnership_id])
    figures = _figures_of(shared, list(versions), earliest)
    result = {}
    for partnership_id, signed in versions.items():
        context = _Context(figures=figures[partnership_id], versions=signed, approved=approved[partnership_id],
                           innovations=innovations[partnership_id])
        try:
            result[partnership_id] = MonthStatement(period, _build(context, period, stored.get(partnership_id)))
        except ExplainedNotFound as exc:
            result[partnership_id] = MonthStatement(period, None, str(exc))
    return result


def _earn_back_periods(terms) -> int:
    value = ((terms or {}).get("at_risk") or {}).get("earn_back_periods", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 else 0


def _figures_of(shared, partnership_ids: list[int], since: datetime.date) -> dict[int, PartnershipFigures]:
    """The shared scorecard figures of many partnerships (the values the months from ``since`` read: of each
    frequency, from the start of its period containing ``since``), three queries for all."""
    figures: dict[int, PartnershipFigures] = defaultdict(PartnershipFigures)
    indicators = shared(Indicator.objects.filter(partnership_id__in=partnership_ids))
    partnership_of = {}
    for row in definition_rows(indicators).values_list(*SPEC_COLUMNS):
        partnership_of[figures[row[1]].add_definition(row)] = row[1]
    window = Q()
    for frequency in (periods.WEEKLY, periods.MONTHLY, periods.QUARTERLY, periods.ANNUAL):
        # A week's value counts in the month the week starts in: weeks from ``since`` on.
        start = since if frequency == periods.WEEKLY else periods.period_start(since, frequency)
        window |= Q(indicator__frequency=frequency, period__gte=start)
    rows = (Measurement.objects.filter(indicator_id__in=indicators.values("id")).filter(window)
            .filter(recorded_periods()).values_list("indicator_id", "period", "value"))
    for indicator_id, day, value in _plain_rows(rows):
        figures[partnership_of[indicator_id]].values[indicator_id][day] = value
    for partnership_id, green_at, amber_at in ScorecardSettings.objects.filter(
            partnership_id__in=partnership_ids, green_at__isnull=False).values_list(
            "partnership_id", "green_at", "amber_at"):
        figures[partnership_id].thresholds = scoring.Thresholds(green_at=green_at, amber_at=amber_at)
    return figures


def _plain_rows(queryset):
    """The ``(indicator_id, period, value)`` rows of ``queryset`` read from the cursor, converted by hand.

    A portfolio's month reads ~100,000 values, and Django's per-value converters cost more than the query;
    the ORM still builds the SQL (and with it the visibility rule's filters). SQLite hands back text dates
    and plain numbers, PostgreSQL dates and Decimals."""
    sql, params = queryset.query.sql_with_params()
    field = Measurement._meta.get_field("value")
    # What Django's SQLite converter does: 15 significant digits (SQLite keeps no more), the field's places.
    create, places = decimal.Context(prec=15).create_decimal_from_float, Decimal(1).scaleb(-field.decimal_places)
    days: dict = {}
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            for indicator_id, day, value in chunk:
                if not isinstance(day, datetime.date):
                    day = days.get(day) or days.setdefault(day, datetime.date.fromisoformat(day))
                if not isinstance(value, Decimal):
                    value = create(value).quantize(places, context=field.context)
                yield indicator_id, day, value
