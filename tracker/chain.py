"""The traceability chain shortfall → cause → task around one item (one query)."""

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
    links = list(
        ItemLink.objects.filter(source__report_id=item.report_id).select_related("source", "target")
    )
    visible = set(
        permissions.visible_items(user)
        .filter(report_id=item.report_id)
        .values_list("pk", flat=True)
    )
    explains = [(link.source, link.target) for link in links if link.kind == LinkKind.EXPLAINS]
    addresses = [(link.source, link.target) for link in links if link.kind == LinkKind.ADDRESSES]
    shortfalls, causes, tasks = {}, {}, {}
    if item.kind == Kind.SHORTFALL:
        shortfalls[item.pk] = item
    elif item.kind == Kind.CAUSE:
        causes[item.pk] = item
        shortfalls.update({s.pk: s for c, s in explains if c.pk == item.pk})
    else:
        tasks[item.pk] = item
        for task, target in addresses:
            if task.pk == item.pk:
                (shortfalls if target.kind == Kind.SHORTFALL else causes)[target.pk] = target
        shortfalls.update({s.pk: s for c, s in explains if c.pk in causes})
    if item.kind != Kind.CAUSE:
        causes.update({c.pk: c for c, s in explains if s.pk in shortfalls})
    if item.kind != Kind.TASK:
        tasks.update(
            {t.pk: t for t, target in addresses if target.pk in shortfalls or target.pk in causes}
        )

    def nodes(found: dict) -> list[ChainNode]:
        return [
            ChainNode(i, i.pk in visible) for i in sorted(found.values(), key=lambda i: i.sequence)
        ]

    return Chain(nodes(shortfalls), nodes(causes), nodes(tasks))
