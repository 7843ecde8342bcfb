"""The draft's sentences and the sources each one cites, numbered in order of citation."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    number: int
    key: tuple
    name: str  # 进展#12, 指标#4, 2021年度报告·原因二, 台账·任务六, 台账
    detail: str
    item_id: int | None = None

    @property
    def text(self) -> str:
        return f"{self.name}:{self.detail}"


@dataclass(frozen=True)
class Ref:
    """The sources of one sentence."""

    item_id: int | None
    names: tuple[str, ...]
    updates: tuple[int, ...] = ()
    evidence: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        if self.updates:
            parts = ["进展" + "、".join(f"#{pk}" for pk in self.updates)]
            if self.evidence:
                parts.append("佐证" + "、".join(f"#{pk}" for pk in self.evidence))
            return "〔" + ";".join(parts) + "〕"
        return "〔" + ";".join(self.names) + "〕"


@dataclass(frozen=True)
class Sentence:
    text: str  # without its final 。
    ref: Ref

    def __str__(self) -> str:
        return f"{self.text}{self.ref.text}。"


@dataclass
class Paragraph:
    heading: str
    item_id: int | None
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(str(s) for s in self.sentences)


@dataclass
class Section:
    heading: str
    intro: Sentence | None
    paragraphs: list[Paragraph]
    empty: str  # said when there is no paragraph


class Sources:
    """Every source once, numbered in order of first citation."""

    def __init__(self):
        self.found: dict[tuple, Source] = {}

    def cite(self, key: tuple, name: str, detail: str, item_id: int | None = None) -> str:
        if key not in self.found:
            self.found[key] = Source(len(self.found) + 1, key, name, detail, item_id)
        return name

    @property
    def listed(self) -> list[Source]:
        return list(self.found.values())
