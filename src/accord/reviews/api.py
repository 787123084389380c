"""Review packs as files: /partnerships/{partnership_id}/review-pack.pdf and .pptx."""

from ninja import Field, Query, Router, Schema

from accord.partnerships.access import partnership_access

from . import selectors
from .downloads import review_pack_response

router = Router(tags=["reviews"])
BASE = "/partnerships/{int:partnership_id}/review-pack"


class ReviewPackQuery(Schema):
    start: str = Field("", alias="from", max_length=20, description="First month, YYYY-MM (default: the last "
                                                                     "full quarter).")
    end: str = Field("", alias="to", max_length=20, description="Last month, YYYY-MM; at most 24 months "
                                                                "from the first.")


def _pack(request, partnership_id: int, query: ReviewPackQuery):
    access = partnership_access(request.user, partnership_id=partnership_id)
    default_start, default_end = selectors.default_range()
    start, end = selectors.review_range(query.start or f"{default_start:%Y-%m}", query.end or f"{default_end:%Y-%m}")
    return selectors.review_pack(access, start, end)


@router.get(BASE + ".pdf")
def review_pack_pdf(request, partnership_id: int, query: Query[ReviewPackQuery]):
    """The review pack as a PDF: the shared scorecard with its trend charts, warnings, incentive
    statements, decisions, actions and upcoming dates. 400 names ``from`` or ``to`` for a bad range."""
    return review_pack_response(_pack(request, partnership_id, query), "pdf")


@router.get(BASE + ".pptx")
def review_pack_pptx(request, partnership_id: int, query: Query[ReviewPackQuery]):
    """The review pack as a PowerPoint deck: a title slide, the scorecard with a native chart of the
    overall score, and one slide per section."""
    return review_pack_response(_pack(request, partnership_id, query), "pptx")
