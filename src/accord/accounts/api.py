from ninja import Router, Schema

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
    membership = getattr(request.user, "membership", None)
    return {
        "user": request.user,
        "organization": membership.organization if membership else None,
        "role": membership.role if membership else None,
    }
