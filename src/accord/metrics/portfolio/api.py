"""The portfolio API: every partnership the caller's organization is party to, read from the stored rows."""

from ninja import Query, Router
from ninja.pagination import paginate

from accord.core.pagination import Pagination

from . import selectors
from .schemas import PortfolioQuery, PortfolioRowOut

router = Router(tags=["portfolio"])


@router.get("/portfolio", response=list[PortfolioRowOut])
@paginate(Pagination)
def portfolio(request, filters: Query[PortfolioQuery]):
    return selectors.PortfolioPage(request.user, selectors.portfolio_filters_parse(**filters.dict()))
