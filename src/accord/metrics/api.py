"""The metrics API: one router gathering the routers of each room (indicators, measurements,
scorecards, portfolio)."""

from ninja import Router

from .indicators.api import router as indicators_router
from .measurements.api import router as measurements_router
from .portfolio.api import router as portfolio_router
from .scorecards.api import router as scorecards_router

router = Router()
router.add_router("", indicators_router)
router.add_router("", measurements_router)
router.add_router("", scorecards_router)
router.add_router("", portfolio_router)
