"""What the parser returns: plain dataclasses, with the JSON shape other parts rely on."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

MEASURE, SHORTFALL, CAUSE, TASK = "measure", "shortfall", "cause", "task"
KINDS = (MEASURE, SHORTFALL, CAUSE, TASK)  # in the order of the report's parts


@dataclass
class ParsedItem:
    """One measure, shortfall, cause or task, with its text cut from the input as is.

    `number` counts from 1 within its kind's list (measures form one flat list
    in document order); `parent` is the flat number of a sub-measure's heading;
    `cause_of` is the shortfall number a cause was written under; `start` is the
    item's text offset in the input, used to order items across the report.
    """

    kind: str
    number: int
    marker: str
    title: str
    text: str
    start: int
    parent: int | None = None
    cause_of: int | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "number": self.number,
            "marker": self.marker,
            "title": self.title,
            "text": self.text,
        }
        if self.kind == MEASURE:
            data["parent"] = self.parent
        if self.kind == CAUSE:
            data["shortfall"] = self.cause_of
        return data


@dataclass
class ParsedReport:
    """A parsed report. Nothing is dropped silently: what has no place is in `unplaced`."""

    title: str
    issuer: str
    year: int | None
    signed: date | None = None
    published: date | None = None
    measures: list[ParsedItem] = field(default_factory=list)
    shortfalls: list[ParsedItem] = field(default_factory=list)
    causes: list[ParsedItem] = field(default_factory=list)
    tasks: list[ParsedItem] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def items(self) -> list[ParsedItem]:
        """All items in order of appearance in the report."""
        everything = self.measures + self.shortfalls + self.causes + self.tasks
        return sorted(everything, key=lambda item: item.start)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuer": self.issuer,
            "year": self.year,
            "signed": self.signed.isoformat() if self.signed else None,
            "measures": [item.to_json() for item in self.measures],
            "shortfalls": [item.to_json() for item in self.shortfalls],
            "causes": [item.to_json() for item in self.causes],
            "tasks": [item.to_json() for item in self.tasks],
            "unplaced": list(self.unplaced),
        }
