"""The portfolio API: the latest scorecard of every partnership the caller's organization is party to."""

from ninja import Query, Router
from ninja.pagination import paginate

from accord.core.pagination import Pagination

from . import selectors
from .schemas import PortfolioRowOut

router = Router(tags=["portfolio"])


@router.get("/portfolio/scorecard", response=list[PortfolioRowOut])
@paginate(Pagination)
def portfolio(request, sort: str = Query("name", description="name, score, status or warnings; a leading - reverses. "
                                                            "Partnerships without data come last either way.")):
    return selectors.portfolio_sorted(selectors.portfolio_latest_scorecards_cached(request.user), sort)
