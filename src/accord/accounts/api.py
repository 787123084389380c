import datetime

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from accord.core.pagination import Pagination

from . import selectors
from .models import membership_of

router = Router(tags=["accounts"])


class UserOut(Schema):
    id: int
    username: str
    email: str


class OrganizationOut(Schema):
    id: int
    name: str


class MeOut(Schema):
    user: UserOut
    organization: OrganizationOut | None
    role: str | None


@router.get("/me", response=MeOut)
def me(request):
    membership = membership_of(request.user)
    return {
        "user": request.user,
        "organization": membership.organization if membership else None,
        "role": membership.role if membership else None,
    }


class OrganizationEventOut(Schema):
    id: int
    at: datetime.datetime
    actor: str | None = Field(None, alias="actor.username")
    event_type: str
    action: str
    record_type: str
    record_id: str
    record: str = Field(alias="record_label")
    partnership_id: int | None
    details: dict
    changes: list


@router.get("/organization/audit", response=list[OrganizationEventOut])
@paginate(Pagination)
def organization_audit(request):
    """The organization's audit trail, newest first: roles, invitations, tokens, passwords, sign-in
    throttling, party invitations. Admins of the organization only (403 for everyone else)."""
    return selectors.organization_events(acting_user=request.user)
