"""Pagination for long, sorted lists."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Finds the page's rows by their keys first (a "deferred join").

    OFFSET makes the database sort and step over every earlier row; for a late
    page of a wide query (joins, long text) that means sorting thousands of
    wide rows, spilling to disk on PostgreSQL. Here the filters, the sort and
    the OFFSET run over the primary keys alone, in a subquery, and the outer
    query reads the page's full rows by key: still one query.

    `rows` is how to read those rows (annotations, select_related, prefetch)
    without the list's filters, which the keys already applied; by default
    the list itself, filters and all.
    """

    def __init__(self, object_list, per_page, *, rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = object_list if rows is None else rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        rows = self.rows.filter(pk__in=keys)
        if self.object_list.query.order_by:
            rows = rows.order_by(*self.object_list.query.order_by)
        return self._get_page(rows, number, self)
