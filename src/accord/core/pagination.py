"""The one pagination of the API: django-ninja's limit/offset, with one cap for every list.

Use it as ``@paginate(Pagination)`` under a ``response=list[ItemOut]`` operation; the answer is
``{"items": [...], "count": n}`` and the query takes ``limit`` (1…``PAGE_SIZE_MAX``, default
``PAGE_SIZE_DEFAULT``; a larger one is cut to the cap, not refused) and ``offset``.
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 1000
# Past any real list, and small enough for every database's OFFSET (a huge one overflows SQLite's).
OFFSET_MAX = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(PAGE_SIZE_DEFAULT, ge=1,
                           description=f"how many items; at most {PAGE_SIZE_MAX} are returned")
        offset: int = Field(0, ge=0, le=OFFSET_MAX, description="how many items to skip")

    def __init__(self, **kwargs):
        super().__init__(max_limit=PAGE_SIZE_MAX, **kwargs)
