"""The traceability chain shortfall → cause → task around one item.

One query reads the report's links with the few columns a node shows, as
plain tuples (a report can have hundreds of links; the chain needs a
handful of items); a user who may not see everything adds one query for
which of those items they may open.
"""

from dataclasses import dataclass, field

from . import permissions
from .models import Item, ItemLink, Kind, LinkKind


@dataclass
class ChainNode:
    item: Item
    visible: bool


@dataclass
class Chain:
    shortfalls: list[ChainNode] = field(default_factory=list)
    causes: list[ChainNode] = field(default_factory=list)
    tasks: list[ChainNode] = field(default_factory=list)

    @property
    def columns(self) -> list[tuple[str, list[ChainNode]]]:
        return [
            (Kind.SHORTFALL.label, self.shortfalls),
            (Kind.CAUSE.label, self.causes),
            (Kind.TASK.label, self.tasks),
        ]

    @property
    def empty(self) -> bool:
        return not (self.shortfalls or self.causes or self.tasks)


def item_chain(item: Item, *, user) -> Chain:
    """Shortfalls, causes and tasks connected to `item`, each marked visible or not to `user`."""
    if item.kind == Kind.MEASURE:
        return Chain()
    links = ItemLink.objects.filter(source__report_id=item.report_id).order_by()
    rows, explains, addresses = {}, [], []  # rows: pk → the columns of a link end
    for kind, *ends in links.values_list("kind", *LINK_END_COLUMNS):
        source, target = ends[:5], ends[5:]
        rows[source[0]], rows[target[0]] = source, target
        if kind == LinkKind.EXPLAINS:
            explains.append((source[0], target[0]))
        elif kind == LinkKind.ADDRESSES:
            addresses.append((source[0], target[0]))
    shortfalls, causes, tasks = set(), set(), set()
    if item.kind == Kind.SHORTFALL:
        shortfalls.add(item.pk)
    elif item.kind == Kind.CAUSE:
        causes.add(item.pk)
        shortfalls.update(s for c, s in explains if c == item.pk)
    else:
        tasks.add(item.pk)
        for task, target in addresses:
            if task == item.pk:
                kind = rows[target][1]
                (shortfalls if kind == Kind.SHORTFALL else causes).add(target)
        shortfalls.update(s for c, s in explains if c in causes)
    if item.kind != Kind.CAUSE:
        causes.update(c for c, s in explains if s in shortfalls)
    if item.kind != Kind.TASK:
        tasks.update(t for t, target in addresses if target in shortfalls or target in causes)

    found = {
        pk: _node(rows[pk], item.report_id) for pk in (shortfalls | causes | tasks) - {item.pk}
    }
    found[item.pk] = item
    if permissions.sees_everything(user):
        visible = set(found)
    else:
        visible = {item.pk} | set(
            permissions.visible_items(user).filter(pk__in=found).values_list("pk", flat=True)
        )

    def nodes(pks: set) -> list[ChainNode]:
        chosen = sorted((found[pk] for pk in pks), key=lambda i: i.sequence)
        return [ChainNode(i, i.pk in visible) for i in chosen]

    return Chain(nodes(shortfalls), nodes(causes), nodes(tasks))


# A node shows the item's label (kind, number) and title, in report order: the
# links query reads just these columns of both ends, and _node() builds a
# partial Item from them, as .only() would.
NODE_COLUMNS = ("id", "kind", "sequence", "number", "title")
LINK_END_COLUMNS = tuple(f"{end}__{name}" for end in ("source", "target") for name in NODE_COLUMNS)


def _node(values, report_id: int) -> Item:
    pk, kind, sequence, number, title = values
    # parent_id is None for every chain kind (only measures nest).
    return Item.from_db(
        None,
        ["id", "report_id", "kind", "parent_id", "sequence", "number", "title"],
        [pk, report_id, kind, None, sequence, number, title],
    )
