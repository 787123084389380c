"""The portfolio API: the latest scorecard of every partnership the caller's organization is party to."""

from ninja import Router

from . import selectors
from .schemas import PortfolioOut

router = Router(tags=["portfolio"])


@router.get("/portfolio/scorecard", response=PortfolioOut)
def portfolio(request, sort: str = "name"):
    rows = selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user), sort)
    return {"count": len(rows), "items": rows}
