"""Writes of audits: create (with answers and findings), answer, attach photos, complete.

A completed audit is locked: its answers, photos and findings no longer change. Findings are action
items in governance's one action list (source ``audit``) from the moment they are written.
"""

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.core.audit import AuditAction, record_event
from accord.core.errors import Conflict
from accord.governance.actions import action_create
from accord.governance.models import ActionSource
from accord.markets.models import Market, Site
from accord.partnerships.access import PartnershipAccess, records_visible_to

from . import calculations, feeding
from .models import Audit, AuditAnswer, AuditFinding, AuditPhoto, AuditStatus, AuditTemplate, TemplateItem
from .photos import photo_kind

LOCKED = "This audit is completed and locked."


def _place(access: PartnershipAccess, *, site, market) -> tuple[Market, Site | None]:
    """The market (and site) an audit is of, by code, within the partnership."""
    if site:
        found = records_visible_to(Site.objects.filter(partnership=access.partnership), access).select_related(
            "market").filter(code__iexact=str(site).strip()).first()
        if found is None:
            raise ValidationError({"site": f"No site with code {site}."})
        if market and found.market.code.lower() != str(market).strip().lower():
            raise ValidationError({"market": f"Site {found.code} is in market {found.market.code}."})
        return found.market, found
    if market:
        found = records_visible_to(Market.objects.filter(partnership=access.partnership), access).filter(
            code__iexact=str(market).strip()).first()
        if found is None:
            raise ValidationError({"market": f"No market with code {market}."})
        return found, None
    raise ValidationError({"site": "Name the site (or the market) audited."})


def _auditor(access: PartnershipAccess, user_id) -> User:
    """A person of one of the partnership's accepted parties (the caller by default)."""
    if user_id is None:
        return access.user
    user = User.objects.filter(
        pk=user_id if isinstance(user_id, int) else None,
        membership__organization_id__in=access.partnership.accepted_parties().values("organization_id")).first()
    if user is None:
        raise ValidationError({"auditor": "Choose a person of one of the partnership's parties."})
    return user


def _answer_value(item: TemplateItem, answer, field: str):
    """``(value, not_applicable)`` for one answer; ``ValidationError`` naming ``field`` otherwise."""
    if answer == "na":
        if not item.allow_na:
            raise ValidationError({field: f"Item {item.code} cannot be answered N/A."})
        return None, True
    or_na = ' (or "na")' if item.allow_na else ""
    if item.yes_no:
        if answer in ("yes", "no"):
            return (1 if answer == "yes" else 0), False
        raise ValidationError({field: f'Item {item.code} is answered "yes" or "no"{or_na}.'})
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= item.scale_max:
        raise ValidationError({field: f"Item {item.code} is answered with a whole number from 0 to "
                                      f"{item.scale_max}{or_na}."})
    return answer, False


def _items(audit: Audit) -> dict[str, TemplateItem]:
    return {item.code.lower(): item for item in TemplateItem.objects.filter(section__version=audit.version)}


def _save_answers(audit: Audit, answers) -> int:
    if not isinstance(answers, list):
        raise ValidationError({"answers": "A list of answers."})
    items = _items(audit)
    seen, rows = set(), []
    for index, entry in enumerate(answers):
        entry = entry if isinstance(entry, dict) else {}
        code = str(entry.get("item") or "").strip().lower()
        item = items.get(code)
        if item is None:
            raise ValidationError({f"answers.{index}.item": f"No item {entry.get('item')} in this template."})
        if code in seen:
            raise ValidationError({f"answers.{index}.item": f"Item {item.code} is answered twice."})
        seen.add(code)
        value, not_applicable = _answer_value(item, entry.get("answer"), f"answers.{index}.answer")
        comment = entry.get("comment") or ""
        if not isinstance(comment, str) or len(comment) > 2000:
            raise ValidationError({f"answers.{index}.comment": "Text of at most 2,000 characters."})
        rows.append((item, value, not_applicable, comment.strip()))
    for item, value, not_applicable, comment in rows:
        AuditAnswer.objects.update_or_create(audit=audit, item=item, defaults={
            "value": value, "not_applicable": not_applicable, "comment": comment})
    return len(rows)


def _add_findings(access: PartnershipAccess, audit: Audit, findings) -> None:
    if not isinstance(findings, list):
        raise ValidationError({"findings": "A list of findings."})
    items = _items(audit)
    for index, entry in enumerate(findings):
        entry = entry if isinstance(entry, dict) else {}
        item = None
        if entry.get("item"):
            item = items.get(str(entry["item"]).strip().lower())
            if item is None:
                raise ValidationError({f"findings.{index}.item": f"No item {entry['item']} in this template."})
        try:
            action = action_create(access=access, title=entry.get("text") or "", owner=entry.get("owner"),
                                   owner_party=entry.get("owner_party"), due_date=entry.get("due_date"),
                                   source=ActionSource.AUDIT)
        except ValidationError as exc:
            renamed = {"title": "text", "assignee": "owner", "assignee_party": "owner_party"}
            raise ValidationError({f"findings.{index}.{renamed.get(field, field)}": messages
                                   for field, messages in exc.message_dict.items()}) from None
        AuditFinding.objects.create(audit=audit, item=item, text=action.title, owner=action.assignee,
                                    owner_party=action.assignee_party, due_date=action.due_date, action=action)


def _date(value) -> datetime.date:
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            raise ValidationError({"date": "A date, YYYY-MM-DD."}) from None
    if not isinstance(value, datetime.date):
        raise ValidationError({"date": "A date, YYYY-MM-DD."})
    if value > timezone.localdate():
        raise ValidationError({"date": "An audit cannot be dated in the future."})
    if value.year < 1900:
        raise ValidationError({"date": "A date from 1900 on."})
    return value


@transaction.atomic
def audit_create(*, access: PartnershipAccess, template: str, date, site: str | None = None,
                 market: str | None = None, auditor: int | None = None, answers: list | None = None,
                 findings: list | None = None) -> Audit:
    """Start an audit with the template's latest version; answers and findings may come now or later."""
    access.require_write()
    found = records_visible_to(AuditTemplate.objects.filter(partnership=access.partnership), access).filter(
        code__iexact=str(template or "").strip()).first()
    version = found.versions.order_by("-number").first() if found else None
    if version is None:
        raise ValidationError({"template": f"No audit template with code {template}."})
    place_market, place_site = _place(access, site=site, market=market)
    audit = Audit(partnership=access.partnership, owner_party=access.party, created_by=access.user, version=version,
                  market=place_market, site=place_site, auditor=_auditor(access, auditor), date=_date(date))
    audit.full_clean(exclude=["partnership", "owner_party", "created_by", "version", "market", "site", "auditor"])
    audit.save()
    _save_answers(audit, answers or [])
    _add_findings(access, audit, findings or [])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.CREATE, record=audit,
                 label=str(audit))
    return audit


def _lock_draft(access: PartnershipAccess, audit: Audit) -> Audit:
    access.require_write()
    # Lock the audit row only: the site is an outer join, which PostgreSQL will not lock.
    audit = Audit.objects.select_for_update(of=("self",)).select_related("version__template", "market", "site").get(
        pk=audit.pk)
    if audit.is_completed:
        raise Conflict(LOCKED)
    return audit


@transaction.atomic
def audit_answers_save(*, access: PartnershipAccess, audit: Audit, answers: list,
                       findings: list | None = None) -> Audit:
    """Answer (or change answers of) a draft audit, and add findings."""
    audit = _lock_draft(access, audit)
    count = _save_answers(audit, answers)
    _add_findings(access, audit, findings or [])
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=audit,
                 label=str(audit), changes=[{"field": "answers", "before": None, "after": count}])
    return audit


@transaction.atomic
def audit_photo_add(*, access: PartnershipAccess, audit: Audit, item: str, upload) -> AuditPhoto:
    """Attach a photo to an item of a draft audit (stored through Django's storage API)."""
    audit = _lock_draft(access, audit)
    found = _items(audit).get(str(item or "").strip().lower())
    if found is None:
        raise ValidationError({"item": f"No item {item} in this template."})
    content_type, extension = photo_kind(upload)
    photo = AuditPhoto(audit=audit, item=found, token=secrets.token_hex(16), extension=extension,
                       content_type=content_type, size=upload.size, uploaded_by=access.user)
    # Everything is checked before the file is stored, so a refused photo leaves no file behind.
    photo.file.save(f"{photo.token}{extension}", upload, save=False)
    photo.save()
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=audit,
                 label=str(audit), changes=[{"field": "photos", "before": None, "after": f"{found.code}: photo"}])
    return photo


def exact_score(audit: Audit) -> calculations.AuditScore:
    """The audit's exact score from its answers (prefetched ``answers__item__section`` saves queries)."""
    return calculations.score([
        calculations.ScoredItem(section=answer.item.section.code, weight=answer.item.weight,
                                scale_max=answer.item.scale_max,
                                value=None if answer.not_applicable else answer.value)
        for answer in audit.answers.all()])


@transaction.atomic
def audit_complete(*, access: PartnershipAccess, audit: Audit):
    """Complete (and lock) a draft audit: every item answered; its score stored and, when the template names
    an indicator, written into that indicator's measurement. Returns ``(audit, score, measurement or None)``."""
    audit = _lock_draft(access, audit)
    answered = set(audit.answers.values_list("item_id", flat=True))
    missing = [item.code for item in _items(audit).values() if item.pk not in answered]
    if missing:
        raise ValidationError({"answers": f"Answer every item first; missing: {', '.join(sorted(missing))}."})
    result = exact_score(Audit.objects.prefetch_related("answers__item__section").get(pk=audit.pk))
    if result.overall.value is None:
        raise ValidationError({"answers": "Every item is N/A: there is nothing to score."})
    audit.status = AuditStatus.COMPLETED
    audit.completed_at = timezone.now()
    audit.score = calculations.to_decimal(result.overall.value)
    audit.score_shown = calculations.display(result.overall.value)
    audit.save(update_fields=["status", "completed_at", "score", "score_shown", "updated_at"])
    measurement = feeding.feed_indicator(access=access, audit=audit)
    record_event(actor=access.user, acting_party=access.party, action=AuditAction.UPDATE, record=audit,
                 label=str(audit), changes=[{"field": "status", "before": AuditStatus.DRAFT,
                                             "after": AuditStatus.COMPLETED},
                                            {"field": "score", "before": None,
                                             "after": str(calculations.display(result.overall.value))}])
    return audit, result, measurement




def audit_submit(*, access: PartnershipAccess, audit: Audit, answers: list, findings: list, photos: dict,
                 complete: bool):
    """The audit form in one step: answers, findings and photos saved, then (if asked) the audit completed.
    Any problem: nothing of it is kept — neither the rows nor the photo files already stored. Returns what
    ``audit_complete`` returns, or ``(audit, None, None)``."""
    stored = []
    try:
        with transaction.atomic():
            audit_answers_save(access=access, audit=audit, answers=answers, findings=findings)
            for item, upload in photos.items():
                stored.append(audit_photo_add(access=access, audit=audit, item=item, upload=upload).file)
            if complete:
                return audit_complete(access=access, audit=audit)
            return audit, None, None
    except Exception:
        # The rows rolled back; the files are outside the database, so they go by hand.
        for file in stored:
            file.storage.delete(file.name)
        raise
