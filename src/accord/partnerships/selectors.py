"""Reads, always scoped to the caller through ``access``."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from accord.accounts.models import PartnershipInvitation, User, membership_of
from accord.core.audit import Names, change_rows
from accord.core.models import RECORD_KINDS, AuditAction, AuditEvent

from .access import PartnershipAccess, partnerships_for_user, records_visible_to
from .models import Partnership, Party, PartyMember, PartyStatus


def _with_parties(queryset: QuerySet[Partnership]) -> QuerySet[Partnership]:
    # Accepted parties only: a pending invitation by name would tell the inviter that the name exists.
    return queryset.prefetch_related(
        Prefetch("parties", queryset=Party.objects.accepted().select_related("organization"))
    )


def partnership_list(*, user, search: str = "", status: str = "") -> QuerySet[Partnership]:
    partnerships = partnerships_for_user(user)
    if search:
        partnerships = partnerships.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if status:
        partnerships = partnerships.filter(status=status)
    return _with_parties(partnerships).order_by("name")


def partnership_with_parties(*, access: PartnershipAccess) -> Partnership:
    return _with_parties(Partnership.objects.filter(pk=access.partnership.pk)).get()


def party_list(*, access: PartnershipAccess) -> QuerySet[Party]:
    """Accepted parties with their named people. Pending invitations are listed as sent
    (``invitations_sent``), never as the organization they reached."""
    return (
        access.partnership.accepted_parties()
        .prefetch_related(Prefetch("members", queryset=PartyMember.objects.select_related("user")))
    )


def party_member_candidates(*, access: PartnershipAccess) -> QuerySet[User]:
    return User.objects.filter(membership__organization_id=access.party.organization_id, is_active=True)


def invitations_sent(*, access: PartnershipAccess) -> QuerySet[PartnershipInvitation]:
    """The party invitations sent for this partnership, as typed: what each resolved to is not shown."""
    return access.partnership.sent_invitations.select_related("invited_by")


def invitations_pending_for(*, user) -> QuerySet[Party]:
    membership = membership_of(user)
    if membership is None:
        return Party.objects.none()
    return Party.objects.filter(organization_id=membership.organization_id, status=PartyStatus.INVITED).select_related(
        "partnership", "invited_by"
    ).prefetch_related(Prefetch("partnership__parties", queryset=Party.objects.accepted().select_related("organization")))


@dataclass(frozen=True)
class ActivityFilters:
    kind: str = ""
    party: int | None = None
    person: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def activity_people(*, access: PartnershipAccess) -> QuerySet[User]:
    """The people of the partnership's accepted parties: whom the activity can be filtered by."""
    return User.objects.filter(
        membership__organization__parties__partnership=access.partnership,
        membership__organization__parties__status=PartyStatus.ACCEPTED,
    ).order_by("first_name", "last_name", "username").distinct()


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"Enter a date as YYYY-MM-DD, not {text[:20]!r}.") from None


def _one_of(text: str, allowed, what: str) -> int:
    """``text`` as the id of one of ``allowed`` (a queryset of ids, read only when asked)."""
    if not text.isdigit() or int(text) not in set(allowed):
        raise ValueError(f"Choose {what} of this partnership.")
    return int(text)


def _kind(text: str) -> str:
    if text not in RECORD_KINDS:
        raise ValueError("Choose a kind of record.")
    return text


def activity_filters_parse(*, access: PartnershipAccess, kind: str = "", party: str = "", person: str = "",
                           date_from: str = "", date_to: str = "") -> ActivityFilters:
    """The activity filters from text (a page's or the API's query): ``ValidationError`` naming each bad one.
    Parties and people are those of this partnership only; an empty filter is no filter."""
    parsers = {
        "kind": _kind,
        "party": lambda text: _one_of(text, access.partnership.parties.accepted().values_list("pk", flat=True),
                                      "a party"),
        "person": lambda text: _one_of(text, activity_people(access=access).values_list("pk", flat=True),
                                       "a person"),
        "date_from": _date,
        "date_to": _date,
    }
    texts = {"kind": kind, "party": party, "person": person, "date_from": date_from, "date_to": date_to}
    values, errors = {}, {}
    for name, parse in parsers.items():
        text = str(texts[name] or "").strip()
        try:
            values[name] = parse(text) if text else None
        except ValueError as exc:
            errors[name] = [str(exc)]
    if not errors and values["date_from"] and values["date_to"] and values["date_from"] > values["date_to"]:
        errors["date_to"] = ["The end date comes before the start date."]
    if errors:
        raise ValidationError(errors)
    return ActivityFilters(**{**values, "kind": values["kind"] or ""})


def activity_feed(*, access: PartnershipAccess, filters: ActivityFilters = ActivityFilters()) -> QuerySet[AuditEvent]:
    """The partnership's trail as the caller's party may see it, narrowed by ``filters`` (which only narrow:
    the visibility rule applies first)."""
    events = AuditEvent.objects.visible_to(access.party).select_related("actor", "acting_party__organization")
    if filters.kind:
        events = events.filter(record_type__endswith=f".{filters.kind}")
    if filters.party:
        events = events.filter(acting_party_id=filters.party)
    if filters.person:
        events = events.filter(actor_id=filters.person)
    if filters.date_from:
        events = events.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(at__date__lte=filters.date_to)
    return events


def activity_names(*, access: PartnershipAccess) -> Names:
    """Names for the party ids and usernames that the trail stores (a query each, on first use)."""
    return Names(
        parties=lambda: {str(party.pk): party.organization.name
                         for party in access.partnership.parties.select_related("organization")},
        people=lambda: {user.username: user.get_full_name() or user.username
                        for user in activity_people(access=access)})


def _record_urls(access: PartnershipAccess, events: list[AuditEvent]) -> dict:
    """(record_type, record_id) → the page of the record, for the records of ``events`` that have one."""
    from accord.agreements.models import AgreementVersion
    from accord.charters.models import CharterVersion

    slug = access.partnership.slug
    urls = {}
    versions = {"charters.charterversion": (CharterVersion, "charters:version"),
                "agreements.agreementversion": (AgreementVersion, "agreements:version")}
    for record_type, (model, url_name) in versions.items():
        ids = {event.record_id for event in events if event.record_type == record_type}
        if ids:
            numbers = records_visible_to(model.objects.filter(pk__in=ids), access).values_list("pk", "number")
            urls.update({(record_type, str(pk)): reverse(url_name, args=[slug, number]) for pk, number in numbers})
    pages = {
        "partnerships.partnership": lambda event: reverse("partnerships:detail", args=[slug]),
        "partnerships.partynote": lambda event: reverse("partnerships:notes", args=[slug]),
        "partnerships.party": lambda event: reverse("partnerships:party_members", args=[slug]),
        "partnerships.partymember": lambda event: reverse("partnerships:party_members", args=[slug]),
        "charters.charter": lambda event: reverse("charters:home", args=[slug]),
        "charters.chartersignature": lambda event: reverse("charters:home", args=[slug]),
        "metrics.indicator": lambda event: reverse("metrics:indicator", args=[slug, event.record_id]),
        "metrics.measurement": lambda event: reverse("metrics:measurements", args=[slug]),
        "metrics.measurementbatch": lambda event: reverse("metrics:measurement_batch", args=[slug, event.record_id]),
        "markets.market": lambda event: reverse("markets:market", args=[slug, event.record_id]),
        "markets.site": lambda event: reverse("markets:list", args=[slug]),
    }
    for event in events:
        if event.record_type in pages:
            urls[(event.record_type, event.record_id)] = pages[event.record_type](event)
        elif event.record_type.startswith("agreements.") and (event.record_type, event.record_id) not in urls:
            urls[(event.record_type, event.record_id)] = reverse("agreements:overview", args=[slug])
    return urls


def activity_entries(*, access: PartnershipAccess, events) -> list[AuditEvent]:
    """``events`` ready to read: each gains ``rows`` (its changes in words) and ``url`` (its record's page)."""
    events = list(events)
    names = activity_names(access=access)
    urls = _record_urls(access, events)
    for event in events:
        # Only changes are spelled out; a record's creation lists no before and after.
        event.rows = change_rows(event, names=names) if event.action == AuditAction.UPDATE else []
        event.url = urls.get((event.record_type, event.record_id), "")
    return events

