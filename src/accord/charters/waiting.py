""""Waiting on you" items of charters: versions to sign, drafts to review, reviews due."""

from django.urls import reverse
from django.utils import timezone

from accord.accounts.models import membership_of
from accord.core.waiting import WaitingItem, waiting_provider
from accord.partnerships.access import records_visible_to_organization
from accord.partnerships.signing import VersionStatus
from accord.partnerships.waiting import version_items

from .models import CharterVersion
from .selectors import charter_review_flag


@waiting_provider
def charter_versions(user, accesses):
    membership = membership_of(user)
    if membership is None or not accesses:
        return []
    versions = (records_visible_to_organization(CharterVersion.objects.filter(
        status__in=[VersionStatus.PROPOSED, VersionStatus.DRAFT]), membership.organization_id)
        .prefetch_related("signatures").order_by("partnership_id", "number"))
    return version_items(versions, user, accesses, document="the charter", url_name="charters:version")


@waiting_provider
def charter_reviews(user, accesses):
    """A charter in force whose review is overdue or due within a month, for those who may draft the next one."""
    today = timezone.localdate()
    items = []
    for access in accesses:
        if not access.can_write:
            continue
        review = charter_review_flag(access=access, today=today)
        if review["overdue"] or review["due_soon"]:
            items.append(WaitingItem(
                kind="review_due", title="Review the charter", partnership=access.partnership,
                url=reverse("charters:home", args=[access.partnership.slug]), due=review["next_due"],
                detail="review overdue" if review["overdue"] else "review due soon"))
    return items
