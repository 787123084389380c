"""The scorecards API: a month's scorecard, its early warnings, the thresholds."""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from accord.core.pagination import Pagination
from accord.partnerships.access import partnership_access

from . import selectors, services
from .schemas import (
    PrivateScorecardOut,
    ScorecardCommentIn,
    ScorecardCommentOut,
    ScorecardCommentPatchIn,
    ScorecardOut,
    ScorecardSettingsIn,
    ThresholdsOut,
    WarningsOut,
)

router = Router(tags=["scorecards"])
BASE = "/partnerships/{int:partnership_id}"


@router.get(f"{BASE}/scorecards/{{period}}", response=ScorecardOut)
def scorecard(request, partnership_id: int, period: str,
              market: str = Query("", description="a market's code: that market's scorecard (its per-market "
                                                  "indicators); empty: the partnership's, per-market ones rolled up")):
    """The shared scorecard: agreed shared indicators only, the same bytes for every party and role."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    if market:
        return selectors.market_scorecard_for_period(access, period, market)
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


def _comment_out(comment) -> dict:
    return {
        "id": comment.id, "period": f"{comment.period:%Y-%m}", "text": comment.text, "visibility": comment.visibility,
        "party": comment.owner_party.organization, "author": comment.created_by.username if comment.created_by else None,
        "created_at": comment.created_at, "updated_at": comment.updated_at, "revision": comment.revision,
    }


@router.get(f"{BASE}/scorecards/{{period}}/comments", response=list[ScorecardCommentOut])
@paginate(Pagination)
def scorecard_comments(request, partnership_id: int, period: str):
    """The month's shared commentary, then the caller's party's private notes on it."""
    access = partnership_access(request.user, partnership_id=partnership_id)
    comments = selectors.scorecard_comments(access=access, period=period)
    return [_comment_out(c) for c in comments["shared"] + comments["private"]]


@router.post(f"{BASE}/scorecards/{{period}}/comments", response={201: ScorecardCommentOut})
def scorecard_comment_create(request, partnership_id: int, period: str, payload: ScorecardCommentIn):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    comment = services.scorecard_comment_create(access=access, period=period, **payload.dict())
    return Status(201, _comment_out(comment))


@router.patch(f"{BASE}/scorecards/{{period}}/comments/{{int:comment_id}}", response=ScorecardCommentOut)
def scorecard_comment_update(request, partnership_id: int, period: str, comment_id: int,
                             payload: ScorecardCommentPatchIn):
    """Change a comment's text: only the party that wrote it may."""
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    comment = selectors.scorecard_comment_get(access=access, period=period, comment_id=comment_id)
    return _comment_out(services.scorecard_comment_update(access=access, comment=comment, text=payload.text))


@router.delete(f"{BASE}/scorecards/{{period}}/comments/{{int:comment_id}}", response={204: None})
def scorecard_comment_delete(request, partnership_id: int, period: str, comment_id: int):
    access = partnership_access(request.user, partnership_id=partnership_id, write=True)
    comment = selectors.scorecard_comment_get(access=access, period=period, comment_id=comment_id)
    services.scorecard_comment_delete(access=access, comment=comment)
    return Status(204, None)
