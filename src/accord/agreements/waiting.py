""""Waiting on you" items of agreements: versions to sign, drafts to review, deliverables and milestones due,
notice and renewal dates ahead."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import membership_of
from accord.core.waiting import WaitingItem, waiting_provider
from accord.partnerships.access import records_visible_to_organization
from accord.partnerships.signing import VersionStatus
from accord.partnerships.waiting import version_items

from .models import AgreementVersion, DeliverableStatus

DELIVERABLE_DAYS = 14
MILESTONE_DAYS = 14
TERM_DATES_DAYS = 90


def _versions(user, statuses):
    membership = membership_of(user)
    if membership is None:
        return AgreementVersion.objects.none()
    return records_visible_to_organization(AgreementVersion.objects.filter(status__in=statuses),
                                           membership.organization_id)


@waiting_provider
def agreement_versions(user, accesses):
    if not accesses:
        return []
    versions = (_versions(user, [VersionStatus.PROPOSED, VersionStatus.DRAFT]).prefetch_related("signatures")
                .order_by("partnership_id", "number"))
    return version_items(versions, user, accesses, document="the agreement", url_name="agreements:version")


@waiting_provider
def agreement_dates(user, accesses):
    """Deliverables overdue or due soon, milestones ahead, and the notice and renewal dates of the agreement in force."""
    if not accesses:
        return []
    today = timezone.localdate()
    by_partnership = {a.partnership.pk: a for a in accesses}
    versions = _versions(user, [VersionStatus.IN_FORCE]).prefetch_related("deliverables__owner_party__organization",
                                                                          "milestones")
    items = []
    for version in versions:
        access = by_partnership.get(version.partnership_id)
        if access is None:
            continue
        url = reverse("agreements:version", args=[access.partnership.slug, version.number])
        for deliverable in version.deliverables.all():
            open_ = deliverable.status not in (DeliverableStatus.DELIVERED, DeliverableStatus.ACCEPTED)
            if open_ and deliverable.due_date and deliverable.due_date <= today + datetime.timedelta(DELIVERABLE_DAYS):
                items.append(WaitingItem(
                    kind="deliverable", title=f"Deliverable: {deliverable.title}", url=url, due=deliverable.due_date,
                    partnership=access.partnership,
                    detail=f"{deliverable.get_status_display().lower()}; delivered by "
                           f"{deliverable.owner_party.organization.name}"))
        for milestone in version.milestones.all():
            if today <= milestone.date <= today + datetime.timedelta(MILESTONE_DAYS):
                items.append(WaitingItem(kind="milestone", title=f"Milestone: {milestone.title}", url=url,
                                         due=milestone.date, partnership=access.partnership))
        items += _term_dates(version, access, url, today)
    return items


def _term_dates(version, access, url, today) -> list[WaitingItem]:
    if version.end_date is None:
        return []
    horizon = today + datetime.timedelta(TERM_DATES_DAYS)
    items = []
    if version.notice_period_days:
        notice_by = version.end_date - datetime.timedelta(version.notice_period_days)
        if today <= notice_by <= horizon:
            items.append(WaitingItem(kind="notice", title="Last day to give notice", url=url, due=notice_by,
                                     partnership=access.partnership,
                                     detail=f"{version.notice_period_days} days before the term ends"))
    if today <= version.end_date <= horizon:
        items.append(WaitingItem(kind="renewal", title="Decide on renewal: the term ends", url=url,
                                 due=version.end_date, partnership=access.partnership,
                                 detail=version.get_renewal_display().lower()))
    return items
