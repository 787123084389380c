"""One pagination for the metrics API's lists: ninja's limit/offset, with one cap."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PAGE_LIMIT = 1000
MAX_OFFSET = 1_000_000_000  # far beyond any list; keeps the number within what every database takes


class MetricsPagination(LimitOffsetPagination):
    """``?limit=`` (default 100; more than 1,000 reads as 1,000) and ``?offset=``; the answer is
    ``{"count", "items"}``."""

    class Input(Schema):
        limit: int = Field(100, ge=1, description=f"how many items; at most {PAGE_LIMIT} are returned")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="how many items to skip")

    def __init__(self, **kwargs):
        super().__init__(max_limit=PAGE_LIMIT, **kwargs)
