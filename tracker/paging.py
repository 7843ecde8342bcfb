"""Pagination for long, sorted lists."""

from django.core.paginator import Paginator


class KeysFirstPaginator(Paginator):
    """Finds the page's rows by their keys first (a "deferred join").

    OFFSET makes the database sort and step over every earlier row; for a late
    page of a wide query (joins, long text) that means sorting thousands of
    wide rows, spilling to disk on PostgreSQL. Here the sort and the OFFSET run
    over the primary keys alone, in a subquery, and the outer query reads the
    full rows of just this page, in the same order: still one query.
    """

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)
