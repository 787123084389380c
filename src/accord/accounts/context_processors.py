from .models import membership_of


def membership(request):
    """The signed-in user's membership (organization and role), for the navigation."""
    user = getattr(request, "user", None)
    return {"membership": membership_of(user)}
