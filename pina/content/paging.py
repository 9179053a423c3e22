"""Paging long lists: page numbers from the query string (never a 500 for `?page=abc`, `0` or
`999999`), deep pages of the public lists without OFFSET scans, and admin lists of large tables
counted without reading every row."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.functional import cached_property

from pina.caching.fragments import remember


def page_number(value) -> int:
    """`?page=` as a positive number; anything else (abc, 0, -3, empty) means the first page."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def page_or_404(paginator, value):
    """The requested page; a page past the last one is a 404 (the branded page)."""
    number = page_number(value)
    if number > paginator.num_pages:
        raise Http404("No such page")
    return paginator.page(number)


class AnchoredPaginator(Paginator):
    """A Paginator for a long list ordered newest first by (`field`, pk), whose deep pages cost
    what the first ones cost.

    The count and a list of *anchors* (the sort key of every `stride`-th row) are cached
    fragments (pina.caching.fragments: valid until content changes, at most FRAGMENT_CACHE_SECONDS).
    A page past the first `stride` rows starts from its anchor with an index range
    (`(field, pk) <= anchor`) and skips fewer than `stride` rows, instead of an OFFSET that
    reads every row before it. `name` identifies the list in the cache (e.g. one per category).
    """

    stride = 600

    def __init__(self, object_list, per_page, *, name, field="published_at", **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name = name
        self.field = field

    @cached_property
    def count(self):
        return remember(f"{self.name}:count", self.object_list.count)

    def anchors(self):
        """[(value, pk)] of rows stride, 2 * stride, ... (0-based positions)."""

        def compute():
            # Numbered in the database, which sends back only the anchors: reading all the
            # keys into Python grows with the table, and every FRAGMENT_CACHE_SECONDS a visitor
            # of a deep page waited for it (docs/benchmarks.md, "Figures behind design choices").
            order = [F(self.field).desc(), F("pk").desc()]
            numbered = self.object_list.order_by().annotate(
                _position=Window(RowNumber(), order_by=order),
                _offset=(F("_position") - 1) % self.stride,
            )
            anchors = numbered.filter(_position__gt=1, _offset=0).order_by("_position")
            return list(anchors.values_list(self.field, "pk"))

        return remember(f"{self.name}:anchors:{self.stride}", compute)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        jump = bottom // self.stride
        if jump:
            anchors = self.anchors()
            jump = min(jump, len(anchors))
            if jump:
                value, pk = anchors[jump - 1]
                rows = rows.filter(**{f"{self.field}__lte": value}).filter(
                    Q(**{f"{self.field}__lt": value}) | Q(**{self.field: value, "pk__lte": pk})
                )
                bottom, top = bottom - jump * self.stride, top - jump * self.stride
        return self._get_page(rows[bottom:top], number, self)


class LargeTablePaginator(Paginator):
    """A paginator that never reads a whole large table just to number the pages (PostgreSQL).

    - The unfiltered list takes the row count from the planner's statistics (kept current by
      autovacuum) instead of a COUNT(*) over every row.
    - A filtered or searched list is counted exactly up to `EXACT_UP_TO` rows; beyond that the
      planner's estimate for the query is shown (the coordinator sees "about" that many).
    Other databases, and small results, are counted exactly as usual.
    """

    ESTIMATE_ABOVE = 50_000
    EXACT_UP_TO = 10_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or connections[queryset.db].vendor != "postgresql":
            return super().count
        if not queryset.query.where:
            estimate = self._table_estimate(queryset)
            return estimate if estimate >= self.ESTIMATE_ABOVE else super().count
        capped = queryset.order_by()[: self.EXACT_UP_TO + 1].count()
        if capped <= self.EXACT_UP_TO:
            return capped
        return max(self._plan_estimate(queryset), capped)

    @staticmethod
    def _table_estimate(queryset) -> int:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            found = cursor.fetchone()
        return int(found[0]) if found else -1

    @staticmethod
    def _plan_estimate(queryset) -> int:
        plan = json.loads(queryset.order_by().explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])


class RememberedCountPaginator(Paginator):
    """A Paginator whose count is a cached fragment under `name` (pina.caching.fragments), so a
    page whose rows are a cached fragment too reads nothing from the database."""

    def __init__(self, object_list, per_page, *, name, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.name = name

    @cached_property
    def count(self):
        return remember(f"{self.name}:count", self.object_list.count)
