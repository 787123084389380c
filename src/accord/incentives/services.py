"""Writes to the financial model and the statements. Each service validates, writes and records its audit event.

Only a draft model is edited; a proposed or in-force version is reworked by ``model_draft_create``, which
copies it into a new draft. An approved statement is never changed: later corrections are carried by an
``adjustment`` line on the next statement.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.core.audit import AuditAction, record_event
from accord.metrics import periods
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Partnership, Visibility
from accord.partnerships.signing import (
    draft_locked,
    require_may_sign,
    signature_add,
    signed_by_every_party,
    withdrawal_change,
    withdrawal_reason_clean,
)

from . import selectors, statements, validation
from .models import (
    FinancialModelSignature,
    FinancialModelVersion,
    Statement,
    StatementApproval,
    StatementInnovation,
    StatementNote,
    StatementStatus,
    VersionStatus,
)

NOTE_MAX = 5000


def _last_approved_period(partnership) -> datetime.date | None:
    return (Statement.objects.filter(partnership=partnership, status=StatementStatus.APPROVED)
            .aggregate(last=Max("period"))["last"])


# The model ---------------------------------------------------------------------------------

@transaction.atomic
def model_draft_create(*, access: PartnershipAccess, reason: str = "") -> FinancialModelVersion:
    """A new draft: a copy of the proposed version, else of the one in force, else empty. Reworking a
    proposal withdraws it from signature and needs a ``reason`` (shown to the other party). Managers (and admins)
    draft, edit and propose the model; each party's signatory signs it."""
    access.require_manage()
    Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    existing = FinancialModelVersion.objects.filter(partnership=access.partnership)
    draft = existing.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError({"status": f"Version {draft.number} is already a draft: edit that one."})
    source = (existing.filter(status=VersionStatus.PROPOSED).first()
              or existing.filter(status=VersionStatus.IN_FORCE).first())
    number = (existing.aggregate(n=Max("number"))["n"] or 0) + 1
    if source is not None and source.status == VersionStatus.PROPOSED:
        reason = withdrawal_reason_clean(reason, document="financial model")
        source.status, source.superseded_at = VersionStatus.SUPERSEDED, timezone.now()
        source.save(update_fields=["status", "superseded_at", "updated_at"])
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=source,
                     label=f"financial model version {source.number} (proposal withdrawn for rework)",
                     changes=[{"field": "status", "before": VersionStatus.PROPOSED,
                               "after": VersionStatus.SUPERSEDED}, withdrawal_change(reason)])
    version = FinancialModelVersion(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                                    visibility=Visibility.SHARED, number=number, based_on=source)
    if source is not None:
        version.terms, version.currency, version.applies_from = source.terms, source.currency, source.applies_from
    version.full_clean(validate_constraints=False)
    version.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=version,
                 label=f"financial model version {number} (draft)",
                 changes=[{"field": "status", "before": None, "after": VersionStatus.DRAFT}])
    return version


def _applies_from(value, partnership) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({"applies_from": "Give a date as YYYY-MM-DD."}) from None
    if day.year < periods.EARLIEST.year or day.year > 2199:
        raise ValidationError({"applies_from": "Give a date between 1900 and 2199."})
    month = periods.period_start(day, periods.MONTHLY)
    last = _last_approved_period(partnership)
    if last is not None and month <= last:
        raise ValidationError({"applies_from": f"The statement of {last:%B %Y} is approved: a new model can apply "
                                               "from the month after it at the earliest."})
    return month


@transaction.atomic
def model_update(*, access: PartnershipAccess, version: FinancialModelVersion, terms: dict,
                 revision: int | None = None) -> FinancialModelVersion:
    """Replace a draft's terms (the model JSON); every field is checked, against the shared agreed indicators.

    A ``revenue_share`` section without ``provider_percent`` takes the provider's share from the revenue split
    of the agreement in force (its commercial terms)."""
    access.require_manage()
    version = draft_locked(access, version, revision)
    data = {key: value for key, value in terms.items() if value is not None}
    if isinstance(data.get("revenue_share"), dict) and data["revenue_share"].get("provider_percent") in (None, ""):
        default = selectors.agreed_provider_revenue_percent(access=access)
        if default is not None:
            data["revenue_share"] = data["revenue_share"] | {"provider_percent": str(default)}
    applies_from = _applies_from(data.pop("applies_from", None), access.partnership)
    kinds = selectors.shared_indicator_kinds(selectors.figures_for(access=access))
    model = validation.parse_model(data, kinds)
    before = {"terms": version.terms, "applies_from": version.applies_from}
    version.terms, version.currency, version.applies_from = data | {"currency": model.currency}, model.currency, \
        applies_from
    version.revision += 1
    version.full_clean(validate_constraints=False)
    version.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"financial model version {version.number}",
                 changes=[{"field": "terms", "before": before["terms"], "after": version.terms},
                          {"field": "applies_from", "before": str(before["applies_from"] or ""),
                           "after": str(applies_from or "")}])
    return version


@transaction.atomic
def model_propose(*, access: PartnershipAccess, version: FinancialModelVersion,
                  revision: int | None = None) -> FinancialModelVersion:
    """Put a draft to the parties' signatories; its terms are frozen from here on."""
    access.require_manage()
    version = draft_locked(access, version, revision)
    errors = {}
    if version.applies_from is None:
        errors["applies_from"] = "Set the period the model applies from before proposing it."
    if not version.currency:
        errors["currency"] = "Set the model's terms (at least its currency) before proposing it."
    if errors:
        raise ValidationError(errors)
    # The indicators may have changed since the draft was saved: check the terms again.
    validation.parse_model(version.terms, selectors.shared_indicator_kinds(selectors.figures_for(access=access)))
    _applies_from(version.applies_from, access.partnership)
    version.status, version.proposed_at, version.proposed_by = VersionStatus.PROPOSED, timezone.now(), access.user
    version.revision += 1
    version.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"financial model version {version.number}",
                 changes=[{"field": "status", "before": VersionStatus.DRAFT, "after": VersionStatus.PROPOSED}])
    return version


@transaction.atomic
def model_sign(*, access: PartnershipAccess, version: FinancialModelVersion,
               party_id=None) -> FinancialModelSignature:
    """The caller's party's signatory signs a proposed version; the last party's signature puts it in force."""
    require_may_sign(access, party_id=party_id, document="financial model")
    version = FinancialModelVersion.objects.select_for_update().get(pk=version.pk, partnership=access.partnership)
    signature = signature_add(access=access, version=version, signature_model=FinancialModelSignature,
                              document="financial model")
    if signed_by_every_party(access.partnership, version.signatures.values_list("party_id", flat=True)):
        _bring_into_force(access, version)
    return signature


def _bring_into_force(access: PartnershipAccess, version: FinancialModelVersion) -> None:
    now = timezone.now()
    previous = FinancialModelVersion.objects.select_for_update().filter(
        partnership=access.partnership, status=VersionStatus.IN_FORCE).first()
    if previous is not None:
        previous.status, previous.superseded_at = VersionStatus.SUPERSEDED, now
        previous.save(update_fields=["status", "superseded_at", "updated_at"])
        record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=previous,
                     label=f"financial model version {previous.number}",
                     changes=[{"field": "status", "before": VersionStatus.IN_FORCE,
                               "after": VersionStatus.SUPERSEDED}])
    version.status, version.in_force_at = VersionStatus.IN_FORCE, now
    version.save(update_fields=["status", "in_force_at", "updated_at"])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=version,
                 label=f"financial model version {version.number}",
                 changes=[{"field": "status", "before": VersionStatus.PROPOSED, "after": VersionStatus.IN_FORCE}])


# Statements --------------------------------------------------------------------------------

@transaction.atomic
def statement_approve(*, access: PartnershipAccess, period) -> Statement:
    """The caller's party's signatory approves the period's statement, once per party.

    The lines approved are computed now; if they differ from the lines an earlier party approved (a value
    changed in between), that approval lapses, so every party approves the same numbers. When every party
    has approved, the statement is locked.
    """
    require_may_sign(access, document="statement")
    period = selectors.parse_period(period)
    Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    statement = Statement.objects.filter(partnership=access.partnership, period=period).first()
    if statement is not None and statement.status == StatementStatus.APPROVED:
        raise ValidationError({"status": f"The statement of {period:%B %Y} is already approved by every party."})
    built = statements.statement_build(access=access, period=period)
    lines = statements.lines_as_json(built.result.lines)
    changes = []
    if statement is None:
        statement = Statement(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                              visibility=Visibility.SHARED, period=period)
    elif statement.lines != lines:
        lapsed = list(statement.approvals.values_list("party__organization__name", flat=True))
        statement.approvals.all().delete()
        changes.append({"field": "approvals_lapsed", "before": lapsed, "after": []})
    if statement.pk is not None and statement.approvals.filter(party=access.party).exists():
        raise ValidationError({"party": f"{access.party.organization.name} has already approved this statement."})
    statement.version, statement.currency = built.version, built.result.currency
    statement.lines, statement.history, statement.net_payable = lines, built.history_json, built.result.net_payable
    statement.full_clean(validate_constraints=False)
    statement.save()
    approval = StatementApproval.objects.create(statement=statement, party=access.party, user=access.user)
    changes.append({"field": "approved_by", "before": None, "after": access.user.username})
    if signed_by_every_party(access.partnership, statement.approvals.values_list("party_id", flat=True)):
        statement.status, statement.approved_at = StatementStatus.APPROVED, approval.approved_at
        statement.save(update_fields=["status", "approved_at", "updated_at"])
        changes.append({"field": "status", "before": StatementStatus.DRAFT, "after": StatementStatus.APPROVED})
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=approval,
                 partnership=access.partnership,
                 label=f"approval of {access.party.organization.name} on the statement of {period:%B %Y}",
                 changes=changes)
    return statement


INNOVATION_TITLE_MAX = 200


@transaction.atomic
def statement_innovation_add(*, access: PartnershipAccess, period, title: str, validated_value,
                             validated_by: str) -> StatementInnovation:
    """An innovation entered on a period's draft statement: its ``innovation`` line pays the model's innovation
    percent of ``validated_value``. Refused once the statement is approved (it is locked) and when the model
    of the period has no ``innovation`` section. Approvals already given lapse: the numbers changed."""
    access.require_write()
    period = selectors.parse_period(period)
    Partnership.objects.select_for_update().get(pk=access.partnership.pk)
    errors = {}
    title, validated_by = " ".join(str(title or "").split()), " ".join(str(validated_by or "").split())
    if not title:
        errors["title"] = "Name the innovation."
    elif len(title) > INNOVATION_TITLE_MAX:
        errors["title"] = f"Keep the title to {INNOVATION_TITLE_MAX} characters."
    if not validated_by:
        errors["validated_by"] = "Say who validated the value."
    elif len(validated_by) > INNOVATION_TITLE_MAX:
        errors["validated_by"] = f"Keep it to {INNOVATION_TITLE_MAX} characters."
    value = validation.validated_value(validated_value)
    if isinstance(value, str):
        errors["validated_value"] = value
    if errors:
        raise ValidationError(errors)
    statement = Statement.objects.filter(partnership=access.partnership, period=period).first()
    if statement is not None and statement.status == StatementStatus.APPROVED:
        raise ValidationError({"period": f"The statement of {period:%B %Y} is approved by every party and locked; "
                                         "a change now belongs on a later statement."})
    version = selectors.version_for_period(access=access, period=period)
    if not (version.terms or {}).get("innovation"):
        raise ValidationError({"period": f"Financial model version {version.number}, which applies to "
                                         f"{period:%B %Y}, has no innovation section: agree one first."})
    innovation = StatementInnovation(partnership=access.partnership, owner_party=access.party,
                                     created_by=access.user, visibility=Visibility.SHARED, period=period,
                                     title=title, validated_value=value, validated_by=validated_by)
    innovation.full_clean(validate_constraints=False)
    innovation.save()
    changes = [{"field": "validated_value", "before": None, "after": str(value)},
               {"field": "validated_by", "before": None, "after": validated_by}]
    if statement is not None:
        lapsed = list(statement.approvals.values_list("party__organization__name", flat=True))
        if lapsed:
            statement.approvals.all().delete()
            changes.append({"field": "approvals_lapsed", "before": lapsed, "after": []})
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=innovation,
                 label=f"innovation \"{title}\" on the statement of {period:%B %Y}", changes=changes)
    return innovation


@transaction.atomic
def statement_note_create(*, access: PartnershipAccess, period, text: str,
                          visibility: str = Visibility.PRIVATE) -> StatementNote:
    """A party's internal note on a period's statement; private unless shared."""
    access.require_write()
    period = selectors.parse_period(period)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "Write the note."})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": f"Keep the note to {NOTE_MAX} characters."})
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "Use \"private\" or \"shared\"."})
    note = StatementNote(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                         visibility=visibility, period=period, text=text)
    note.full_clean(validate_constraints=False)
    note.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=note,
                 label=f"note on the statement of {period:%B %Y}",
                 changes=[{"field": "text", "before": None, "after": text}])
    return note
