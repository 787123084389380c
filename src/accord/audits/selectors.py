"""Reads of templates and audits, each scoped by the caller's access."""

from django.db.models import Prefetch, QuerySet

from accord.markets.models import Market, Site
from accord.partnerships.access import PartnershipAccess, record_get, records_visible_to

from . import calculations
from .models import Audit, AuditStatus, AuditTemplate, TemplateItem, TemplateSection, TemplateVersion

GREEN_AT, AMBER_AT = 90, 75  # audit scores: green from 90, amber from 75, red below


def _sections():
    return Prefetch("sections", queryset=TemplateSection.objects.prefetch_related(
        Prefetch("items", queryset=TemplateItem.objects.order_by("position", "id"))))


def template_list(*, access: PartnershipAccess) -> QuerySet[AuditTemplate]:
    """Templates with their latest version's content."""
    return records_visible_to(AuditTemplate.objects.filter(partnership=access.partnership), access).prefetch_related(
        Prefetch("versions", queryset=TemplateVersion.objects.select_related("indicator").prefetch_related(
            _sections()).order_by("-number")))


def latest_version(template: AuditTemplate) -> TemplateVersion:
    """The newest version (from the prefetch of ``template_list``)."""
    return template.versions.all()[0]


def version_get(*, access: PartnershipAccess, template: AuditTemplate) -> TemplateVersion:
    return (TemplateVersion.objects.filter(template=template).select_related("indicator")
            .prefetch_related(_sections()).order_by("-number").first())


def template_get(*, access: PartnershipAccess, template_id) -> AuditTemplate:
    return record_get(template_list(access=access), access, template_id)


def audit_list(*, access: PartnershipAccess, site: str = "", market: str = "", status: str = "") -> QuerySet[Audit]:
    audits = records_visible_to(Audit.objects.filter(partnership=access.partnership), access).select_related(
        "version__template", "market", "site", "auditor")
    if site:
        audits = audits.filter(site__code__iexact=site)
    if market:
        audits = audits.filter(market__code__iexact=market)
    if status:
        audits = audits.filter(status=status)
    return audits


def audit_get(*, access: PartnershipAccess, audit_id) -> Audit:
    """One audit with everything its page, report and API show."""
    audits = audit_list(access=access).select_related("version__indicator").prefetch_related(
        "answers__item__section", "photos__item", "findings__item", "findings__action", "findings__owner",
        "findings__owner_party__organization",
        Prefetch("version__sections", queryset=TemplateSection.objects.prefetch_related("items")))
    return record_get(audits, access, audit_id)


def audit_report(*, audit: Audit) -> dict:
    """The audit laid out by section: each item with its answer, comment and photos; scores rounded once."""
    from .services import exact_score

    result = exact_score(audit)
    answers = {answer.item_id: answer for answer in audit.answers.all()}
    photos: dict = {}
    for photo in audit.photos.all():
        photos.setdefault(photo.item_id, []).append(photo)
    sections = []
    for section in audit.version.sections.all():
        score = result.sections.get(section.code)
        sections.append({
            "code": section.code, "name": section.name,
            "score": calculations.display(score.value) if score else None,
            "items": [{"item": item, "answer": answers.get(item.pk), "photos": photos.get(item.pk, [])}
                      for item in section.items.all()]})
    return {"score": calculations.display(result.overall.value), "sections": sections,
            "answered": len(answers), "total": sum(len(s["items"]) for s in sections)}


def status_of(score) -> str:
    if score is None:
        return "none"
    return "green" if score >= GREEN_AT else "amber" if score >= AMBER_AT else "red"


def trend(*, access: PartnershipAccess, site: str = "", market: str = "") -> list[dict]:
    """Completed audits oldest first, for a site or a market (or all), as the score chart reads them."""
    audits = audit_list(access=access, site=site, market=market, status=AuditStatus.COMPLETED).order_by("date", "id")
    return [{"period": audit.date.isoformat(), "period_label": audit.date.strftime("%-d %b %Y"),
             "score": audit.score_shown, "status": status_of(audit.score_shown), "audit": audit}
            for audit in audits]


def places(*, access: PartnershipAccess) -> tuple[list[Market], list[Site]]:
    """The partnership's markets and sites, for the forms and the trend's choices."""
    markets = list(records_visible_to(Market.objects.filter(partnership=access.partnership), access))
    sites = list(records_visible_to(Site.objects.filter(partnership=access.partnership), access).select_related(
        "market"))
    return markets, sites


def people(*, access: PartnershipAccess) -> list[tuple]:
    """``(user, party)`` for every person of the partnership's accepted parties: owners of findings, auditors."""
    from accord.accounts.models import User

    parties = list(access.partnership.accepted_parties())
    users = User.objects.filter(membership__organization_id__in=[party.organization_id for party in parties],
                                is_active=True).select_related("membership").order_by("first_name", "username")
    by_organization = {party.organization_id: party for party in parties}
    return [(user, by_organization[user.membership.organization_id]) for user in users]
