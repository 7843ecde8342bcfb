"""Suggest the traceability links: cause explains shortfall, task addresses shortfall/cause.

Reports rarely say which task answers which shortfall, but they nearly always
list causes in the order of the shortfalls and reuse the same words
(营商环境, 述法, 公职律师). Suggestions combine that order with word overlap:
character bigrams weighted by TF-IDF over the report's own items, so words
the whole report repeats (法治, 建设, 推进) count for little. Deterministic,
no dictionary to load, a few milliseconds per report.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

from .parsed import CAUSE, SHORTFALL, TASK, ParsedItem, ParsedReport

EXPLAINS, ADDRESSES = "explains", "addresses"

# Genre words that say nothing about which shortfall an item is about.
_STOP_WORDS = (
    "进一步|有待于|有待|工作|推进|推动|加强|法治政府|法治化|法治|建设|政府|全区|全市|全县|我区|我市|我县|"
    "依法|持续|深化|提升|不够|开展|问题|存在|部分|以及|提高|落实|切实|不断|相关|方面|还有|"
    "没有|不到位|实现|进行|有效|全面|深入|积极|充分|严格|要求|能力|作用|意识|一是|二是|三是|"
    "四是|五是|六是|七是|八是|的|和|与|及|等|在|对|了|是|将|为"
)
_STOP = re.compile(_STOP_WORDS)
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
ORDER_WEIGHT = 0.5
MIN_EXPLAINS = 0.3
MIN_ADDRESSES = 0.15
OVERLAP_SCALE = 0.35  # a cosine this high already means a clear shared topic


@dataclass(frozen=True)
class LinkSuggestion:
    """A proposed link from one item to another, with a score in [0, 1] and why."""

    kind: str
    source_kind: str
    source_number: int
    target_kind: str
    target_number: int
    score: float
    reason: str


def _bigrams(text: str) -> list[str]:
    cleaned = _STOP.sub("|", text)
    return [
        cleaned[i : i + 2]
        for i in range(len(cleaned) - 1)
        if _WORD_CHAR.match(cleaned[i]) and _WORD_CHAR.match(cleaned[i + 1])
    ]


class _Space:
    """TF-IDF vectors of the report's items over character bigrams."""

    def __init__(self, items: list[ParsedItem]):
        self.counts = {id(item): Counter(_bigrams(item.text + item.title * 2)) for item in items}
        frequency = Counter(gram for counts in self.counts.values() for gram in counts)
        total = len(items) + 1
        self.idf = {gram: math.log(total / (df + 1)) + 1 for gram, df in frequency.items()}
        self.vectors = {key: self._weigh(counts) for key, counts in self.counts.items()}

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        vector = {gram: count * self.idf[gram] for gram, count in counts.items()}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        return {gram: value / norm for gram, value in vector.items()}

    def similarity(self, left: ParsedItem, right: ParsedItem) -> float:
        a, b = self.vectors[id(left)], self.vectors[id(right)]
        if len(a) > len(b):
            a, b = b, a
        return sum(value * b.get(gram, 0.0) for gram, value in a.items())

    def shared_words(self, left: ParsedItem, right: ParsedItem, limit: int = 3) -> list[str]:
        """Runs of shared bigrams in `left`, those adding most to the similarity first."""
        a, b = self.vectors[id(left)], self.vectors[id(right)]
        weight = {gram: a[gram] * b[gram] for gram in a.keys() & b.keys()}
        text = _STOP.sub("|", left.title + "|" + left.text)
        runs: dict[str, float] = {}
        pos = 0
        while pos < len(text) - 1:
            end = pos
            while end < len(text) - 1 and text[end : end + 2] in weight:
                end += 1
            if end > pos:
                word = text[pos : end + 1]
                runs[word] = sum(weight[text[i : i + 2]] for i in range(pos, end))
                pos = end + 1
            else:
                pos += 1
        words: list[str] = []
        for word in sorted(runs, key=lambda word: (-runs[word], word)):
            if not any(word in kept for kept in words):
                words.append(word)
        return words[:limit]


def _overlap_reason(space: _Space, source: ParsedItem, target: ParsedItem) -> str:
    words = space.shared_words(source, target)
    return f"共同词语:{'、'.join(words)}" if words else ""


def _explains(report: ParsedReport, space: _Space) -> list[LinkSuggestion]:
    """Each cause's best shortfalls: its own when written under it, else order and words."""
    loose = [cause for cause in report.causes if cause.cause_of is None]
    same_count = len(loose) == len(report.shortfalls)
    suggestions: list[LinkSuggestion] = []
    for cause in report.causes:
        if cause.cause_of is not None:
            suggestions.append(
                LinkSuggestion(
                    EXPLAINS,
                    CAUSE,
                    cause.number,
                    SHORTFALL,
                    cause.cause_of,
                    1.0,
                    "原因写在该不足之下",
                )
            )
            continue
        position = loose.index(cause) + 1
        for shortfall in report.shortfalls:
            in_order = same_count and shortfall.number == position
            overlap = min(1.0, space.similarity(cause, shortfall) / OVERLAP_SCALE)
            score = ORDER_WEIGHT * in_order + (1 - ORDER_WEIGHT) * overlap
            reasons = ["顺序对应"] if in_order else []
            if words := _overlap_reason(space, cause, shortfall):
                reasons.append(words)
            if score > 0:
                suggestions.append(
                    LinkSuggestion(
                        EXPLAINS,
                        CAUSE,
                        cause.number,
                        SHORTFALL,
                        shortfall.number,
                        round(score, 3),
                        ";".join(reasons) or "顺序对应",
                    )
                )
    return suggestions


def _addresses(report: ParsedReport, space: _Space) -> list[LinkSuggestion]:
    """Each task against every shortfall and cause, by shared words only."""
    suggestions: list[LinkSuggestion] = []
    for task in report.tasks:
        for target in report.shortfalls + report.causes:
            overlap = min(1.0, space.similarity(task, target) / OVERLAP_SCALE)
            reason = _overlap_reason(space, task, target)
            if overlap > 0 and reason:
                suggestions.append(
                    LinkSuggestion(
                        ADDRESSES,
                        TASK,
                        task.number,
                        target.kind,
                        target.number,
                        round(overlap, 3),
                        reason,
                    )
                )
    return suggestions


def suggest_links(parsed: ParsedReport) -> list[LinkSuggestion]:
    """All candidate links, best first for each source item."""
    space = _Space(parsed.measures + parsed.shortfalls + parsed.causes + parsed.tasks)
    suggestions = _explains(parsed, space) + _addresses(parsed, space)
    order = {SHORTFALL: 0, CAUSE: 1, TASK: 2}
    return sorted(
        suggestions,
        key=lambda s: (
            order[s.source_kind],
            s.source_number,
            -s.score,
            order[s.target_kind],
            s.target_number,
        ),
    )


def select_links(
    suggestions: list[LinkSuggestion],
    *,
    min_explains: float = MIN_EXPLAINS,
    min_addresses: float = MIN_ADDRESSES,
) -> list[LinkSuggestion]:
    """The links worth creating without review: per source item and target kind,
    the best suggestion when its score passes the threshold."""
    best: dict[tuple[str, int, str], LinkSuggestion] = {}
    for suggestion in suggestions:
        threshold = min_explains if suggestion.kind == EXPLAINS else min_addresses
        key = (suggestion.source_kind, suggestion.source_number, suggestion.target_kind)
        if suggestion.score >= threshold and (
            key not in best or suggestion.score > best[key].score
        ):
            best[key] = suggestion
    return [
        s for s in suggestions if best.get((s.source_kind, s.source_number, s.target_kind)) is s
    ]
