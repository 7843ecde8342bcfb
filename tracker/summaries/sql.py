"""Small SQL helpers for summaries: joined strings and unit names, on SQLite and PostgreSQL."""

from django.db.models import Aggregate, CharField, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, NullIf

# Joins values inside one SQL string; no name, title or unit ever contains it.
SEPARATOR = "\x1f"


class GroupConcat(Aggregate):
    """GROUP_CONCAT (SQLite) / STRING_AGG (PostgreSQL) of text, joined by SEPARATOR."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEPARATOR), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def joined(queryset: QuerySet, expression) -> Subquery:
    """A correlated subquery giving `expression` over the rows of `queryset`, joined.

    Sorting happens in Python after splitting (SQLite before 3.44 cannot order
    inside GROUP_CONCAT).
    """
    one_group = queryset.order_by().annotate(one=Value(1)).values("one")
    return Subquery(one_group.annotate(joined=GroupConcat(expression)).values("joined"))


def split(value: str | None) -> list[str]:
    return value.split(SEPARATOR) if value else []


def unit_name(prefix: str = ""):
    """A unit as people say it: its short name, else its full name ('' when none)."""
    return Coalesce(
        NullIf(f"{prefix}short_name", Value("")),
        f"{prefix}name",
        Value(""),
        output_field=CharField(),
    )
