"""A link's name in the import preview's form and in the draft: "explains:cause:1:shortfall:2"."""

from dataclasses import astuple, dataclass

SEPARATOR = ":"


@dataclass(frozen=True)
class LinkKey:
    """Which link, by kind and by the numbers of its two items in their lists."""

    kind: str
    source_kind: str
    source_number: int
    target_kind: str
    target_number: int

    @classmethod
    def of(cls, link) -> "LinkKey":
        """The key of a LinkSuggestion (or anything with the same five attributes)."""
        return cls(
            link.kind, link.source_kind, link.source_number, link.target_kind, link.target_number
        )

    @classmethod
    def between(cls, kind: str, source: dict, target: dict) -> "LinkKey":
        """The key of a link between two items of a draft."""
        return cls(kind, source["kind"], source["number"], target["kind"], target["number"])

    def encode(self) -> str:
        return SEPARATOR.join(str(part) for part in astuple(self))

    @classmethod
    def decode(cls, text: str) -> "LinkKey":
        """The key `encode` wrote; ValueError for any other text."""
        kind, source_kind, source_number, target_kind, target_number = text.split(SEPARATOR)
        key = cls(kind, source_kind, int(source_number), target_kind, int(target_number))
        if key.encode() != text:  # " 1", "01", "1_0": not a key this codec wrote
            raise ValueError(text)
        return key
