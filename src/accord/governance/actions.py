"""Writes of action items: one list across the partnership, from meetings and elsewhere."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.core.audit import AuditAction, changes_between, record_event, snapshot
from accord.core.updates import reject_unknown_fields
from accord.metrics.portfolio.refresh import portfolio_refresh_from
from accord.partnerships.access import PartnershipAccess
from accord.partnerships.models import Party, PartyStatus

from . import feeds
from .models import ActionItem, ActionSource, ActionStatus, Escalation, Meeting

ACTION_FIELDS = ("title", "assignee", "assignee_party", "due_date", "status")


def _assignee(partnership, *, user_id, party_id) -> tuple[User, Party]:
    """The person and party an action is for: a person of that party's organization, the party accepted."""
    party = Party.objects.filter(pk=party_id, partnership=partnership, status=PartyStatus.ACCEPTED).select_related(
        "organization").first() if isinstance(party_id, int) else None
    if party is None:
        raise ValidationError({"owner_party": "Choose one of the partnership's parties."})
    user = User.objects.filter(pk=user_id, membership__organization_id=party.organization_id).first() \
        if isinstance(user_id, int) else None
    if user is None:
        raise ValidationError({"owner": f"Choose a person of {party.organization.name}."})
    return user, party


def _save(action: ActionItem, *, access: PartnershipAccess, verb, before: dict) -> ActionItem:
    action.full_clean(exclude=["partnership", "owner_party", "assignee", "assignee_party", "meeting", "escalation"],
                      validate_unique=False)
    action.save()
    changes = changes_between(before, snapshot(action, ACTION_FIELDS))
    if changes or verb == AuditAction.CREATE:
        record_event(actor=access.user, acting_party=access.party, action=verb, record=action, changes=changes)
        feeds.after_action_change(access=access, days=[before.get("due_date"), action.due_date])
        portfolio_refresh_from(action.partnership_id, before.get("due_date"), action.due_date)  # health evidence
    return action


@transaction.atomic
def action_create(*, access: PartnershipAccess, title: str, owner: int, owner_party: int, due_date,
                  meeting: Meeting | None = None, escalation: Escalation | None = None,
                  source: str | None = None) -> ActionItem:
    """An action for a person of either party (shared: both parties see who owes what); ``meeting`` or
    ``escalation`` (already read through the caller's access) is where it came from, or ``source`` says so
    (``audit`` for an audit's findings, ``survey`` for a survey result)."""
    access.require_write()
    if source is not None and source not in ActionSource.values:
        raise ValueError(f"unknown action source {source!r}")
    user, party = _assignee(access.partnership, user_id=owner, party_id=owner_party)
    source = source or (ActionSource.MEETING if meeting else ActionSource.ESCALATION if escalation else ActionSource.OTHER)
    action = ActionItem(partnership=access.partnership, owner_party=access.party, created_by=access.user,
                        title=(title or "").strip(), assignee=user, assignee_party=party, due_date=due_date,
                        meeting=meeting, escalation=escalation, source=source)
    return _save(action, access=access, verb=AuditAction.CREATE, before={})


@transaction.atomic
def action_update(*, access: PartnershipAccess, action: ActionItem, **fields) -> ActionItem:
    """Change an action; marking it done records the day, so "done on time" can be measured."""
    access.require_write()
    action = ActionItem.objects.select_for_update().get(pk=action.pk)
    before = snapshot(action, ACTION_FIELDS)
    if "owner" in fields or "owner_party" in fields:
        action.assignee, action.assignee_party = _assignee(
            access.partnership, user_id=fields.pop("owner", action.assignee_id),
            party_id=fields.pop("owner_party", action.assignee_party_id))
    reject_unknown_fields(fields, {"title", "due_date", "status"})
    for field, value in fields.items():
        setattr(action, field, value.strip() if field == "title" and isinstance(value, str) else value)
    if action.status == ActionStatus.DONE and before["status"] != ActionStatus.DONE:
        action.completed_on = timezone.localdate()
    elif action.status != ActionStatus.DONE:
        action.completed_on = None
    return _save(action, access=access, verb=AuditAction.UPDATE, before=before)
