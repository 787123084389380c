"""The scorecards API: a month's scorecard, its early warnings, the thresholds."""

from ninja import Router

from accord.partnerships.access import partnership_access

from . import selectors, services
from .schemas import PrivateScorecardOut, ScorecardOut, ScorecardSettingsIn, ThresholdsOut, WarningsOut

router = Router(tags=["scorecards"])
BASE = "/partnerships/{int:partnership_id}"


@router.get(f"{BASE}/scorecards/{{period}}", response=ScorecardOut)
def scorecard(request, partnership_id: int, period: str):
    """The shared scorecard: agreed shared indicators only, the same bytes for every party and role."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.scorecard_for_period(access, period)


@router.get(f"{BASE}/scorecards/{{period}}/private", response=PrivateScorecardOut)
def private_scorecard(request, partnership_id: int, period: str):
    """The caller's party's private indicators for the month, apart from the shared scorecard."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.private_scorecard_for_period(access, period)


@router.get(f"{BASE}/warnings", response=WarningsOut)
def warnings(request, partnership_id: int, period: str = ""):
    access = partnership_access(request.user, partnership_id=partnership_id)
    return selectors.warnings_for(access, period or None)


@router.patch(f"{BASE}/scorecard-settings", response=ThresholdsOut)
def scorecard_settings_update(request, partnership_id: int, payload: ScorecardSettingsIn):
    access = partnership_access(request.user, partnership_id=partnership_id, manage=True)
    settings = services.scorecard_settings_update(access=access, **payload.dict(exclude_unset=True))
    return {"green_at": settings.green_at, "amber_at": settings.amber_at}
