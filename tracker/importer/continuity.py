"""Which of this year's items carry on last year's: repeats and continuations.

Plain Python. A shortfall that appears again the next year (屡查屡犯) is rarely
written in the same words, but it names the same things: 公职律师, 述法,
乡镇街执法人员. So two items are compared by the *content* character bigrams
they share (Dice coefficient, each bigram weighted by how rare it is among the
two reports' items), after dropping the bigrams every report of the genre is
made of (工作, 进一步, 加强, 有待, 法治政府 …). The shared bigrams, joined back
into runs, are the explanation shown to the coordinator ("公职律师", "述法").

Precision first: a wrong pair is worse than a missing one. A pair is proposed
only when its score reaches THRESHOLD, it is the best for both of its items
(one-to-one), and it beats each item's runner-up by MARGIN. Both numbers were
tuned on the follow-on reports in tests/continuity_reports
(scripts/continuity_accuracy.py prints precision and recall).
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Protocol

from .normalize import shadow

# Tuned on tests/continuity_reports (see the module's docstring).
THRESHOLD = 0.12
MARGIN = 0.04
MAX_SHARED = 6

# Words every report of the genre is written with: they say nothing about what
# an item is about. Their bigrams are dropped before comparing.
GENRE_WORDS = (
    "工作 进一步 加强 还需 有待 还有待 不够 不足 不强 不高 不到位 不完善 不健全 不明显 存在 问题 "
    "推进 推动 提升 提高 深化 持续 全面 建设 法治 依法 法治政府 政府 区委 区政府 全区 我区 "
    "相关 部门 单位 有关 方面 机制 制度 能力 水平 意识 一是 二是 三是 四是 五是 六是 "
    "七是 八是 进行 开展 落实 严格 完善 健全 强化 着力 切实 积极 不断 继续 仍然 仍有 依然 "
    "还不 尚未 尚不 较为 相对 部分 个别 一些 有些 少数 实现 确保 力争 年内 年底 今年 "
    "明年 下一年度 上一年度 年度 情况 要求 重点 主要 进一步加强 需要 亟需 亟待 "
    "薄弱 短板 差距 较大 较多 较少 偏低 偏弱 滞后 不平衡 不充分 还存在 仍存在 "
    "狠下功夫 下功夫 大力 努力 充分 发挥 作用 效果 成效 质量 规范 规范化 体系 "
    "市委 市政府 县委 县政府 人民政府 同时 以及 及其 通过 对于 关于 坚持 围绕 "
    "法治政府建设 法治建设 政府建设 依法治区 依法治县 全面依法治区"
)

_HAN_OR_WORD = re.compile(r"[\u4e00-\u9fff]+|[A-Za-z]+|\d+(?:\.\d+)?%?")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _runs(text: str) -> list[str]:
    """Runs of Chinese characters, Latin words and numbers, in order (punctuation cuts)."""
    return _HAN_OR_WORD.findall(shadow(text))


def _bigrams_of(run: str) -> list[str]:
    if not run or not "\u4e00" <= run[0] <= "\u9fff":
        # A Latin word or a number is one token; years say nothing about a topic.
        return [] if _YEAR.match(run) or len(run) < 2 else [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


STOP_BIGRAMS = frozenset(b for word in GENRE_WORDS.split() for b in _bigrams_of(word))


def content_bigrams(text: str) -> list[str]:
    """The text's bigrams in order, genre bigrams removed (duplicates kept)."""
    return [b for run in _runs(text) for b in _bigrams_of(run) if b not in STOP_BIGRAMS]


@dataclass(frozen=True)
class Pair:
    """A proposed pair: positions (from 0) in the new and the previous list."""

    new: int
    old: int
    score: float
    shared: tuple[str, ...]


class Vocabulary:
    """Bigram weights (inverse document frequency) over a pool of item texts."""

    def __init__(self, texts: list[str]):
        self.size = max(len(texts), 1)
        self.df: Counter[str] = Counter()
        for text in texts:
            self.df.update(set(content_bigrams(text)))

    def weight(self, bigram: str) -> float:
        # Smoothed IDF: a bigram in every text of the pool still weighs a little.
        return math.log(1 + self.size / (1 + self.df[bigram]))


def similarity(a: str, b: str, vocabulary: Vocabulary) -> float:
    """Weighted cosine (Ochiai) over the two texts' sets of content bigrams, in [0, 1].

    Not Dice: last year's item is often three times as long (examples, figures),
    and Dice would punish the length rather than the topic.
    """
    first, second = set(content_bigrams(a)), set(content_bigrams(b))
    if not first or not second:
        return 0.0
    weight = vocabulary.weight
    shared = sum(weight(g) for g in first & second)
    norm = math.sqrt(sum(weight(g) for g in first) * sum(weight(g) for g in second))
    return shared / norm if norm else 0.0


# Characters that only join words: a shared run does not begin or end with them.
_JOINERS = set("的了和与及个等之其为对在是把将从向并或也而且年月日")


def _trim(run: str, start: int, end: int) -> str:
    """run[start:end] without a genre word's tail at its start or its head at its end
    (落实|行政机关 → 行政机关), nor joiners at either end (改的作用 → 改, 承担的 → 承担)."""
    if start > 0 and end - start > 2 and run[start - 1 : start + 1] in STOP_BIGRAMS:
        start += 1
    if end < len(run) and end - start > 2 and run[end - 1 : end + 1] in STOP_BIGRAMS:
        end -= 1
    word = run[start:end]
    while len(word) > 2 and word[-2:] in STOP_BIGRAMS:
        word = word[:-2]
    return word.strip("".join(_JOINERS))


def shared_words(a: str, b: str, limit: int = MAX_SHARED) -> list[str]:
    """The longest runs of `a` that `b` also has, each holding a content bigram:
    "公职律师", "习近平法治思想" (genre words inside a run are kept, alone they are not)."""
    other = {g for run in _runs(b) for g in _bigrams_of(run)}
    found: list[str] = []
    for run in _runs(a):
        grams = _bigrams_of(run)
        i = 0
        while i < len(grams):
            if grams[i] not in other:
                i += 1
                continue
            j = i
            while j + 1 < len(grams) and grams[j + 1] in other:
                j += 1
            if any(g not in STOP_BIGRAMS for g in grams[i : j + 1]):
                word = run if grams[i] == run else _trim(run, i, j + 2)
                if len(word) >= 2 and not any(word in longer for longer in found):
                    found = [w for w in found if w not in word] + [word]
            i = j + 1
    found.sort(key=lambda w: (-len(w), a.find(w)))
    return found[:limit]


def pair_items(
    new: list[str],
    old: list[str],
    *,
    context: list[str] = (),
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
) -> list[Pair]:
    """Confident one-to-one pairs between two lists of texts, in the new list's order.

    `context` adds texts (the two reports' other items) to the pool the bigram
    weights are counted on, so a word common to the whole report weighs little.
    """
    vocabulary = Vocabulary([*new, *old, *context])
    scores = [[similarity(n, o, vocabulary) for o in old] for n in new]
    pairs = []
    for i, row in enumerate(scores):
        if not row:
            continue
        j = max(range(len(row)), key=row.__getitem__)
        best = row[j]
        if best < threshold:
            continue
        column = [scores[k][j] for k in range(len(new))]
        runner_up = max(
            [s for jj, s in enumerate(row) if jj != j]
            + [s for k, s in enumerate(column) if k != i],
            default=0.0,
        )
        if best - runner_up < margin:
            continue
        pairs.append(Pair(i, j, round(best, 3), tuple(shared_words(new[i], old[j]))))
    return pairs


class Numbered(Protocol):
    number: int
    text: str


class ReportLike(Protocol):
    """A parsed report or the saved one's items, grouped as ParsedReport groups them."""

    measures: list
    shortfalls: list
    causes: list
    tasks: list


KEYS = {"repeats": "shortfalls", "continues": "tasks"}


@dataclass(frozen=True)
class Proposal:
    """A proposed pair by the items' numbers in their reports (不足五 → 5)."""

    new: int
    old: int
    score: float
    shared: tuple[str, ...]


def propose(
    new: ReportLike,
    old: ReportLike,
    *,
    threshold: float = THRESHOLD,
    margin: float = MARGIN,
) -> dict[str, list[Proposal]]:
    """Repeats (shortfall → last year's shortfall) and continuations (task → task).

    The bigram weights are counted over every item of both reports.
    """
    context = [
        item.text
        for report in (new, old)
        for group in (report.measures, report.causes)
        for item in group
    ]
    result = {}
    for key, group in KEYS.items():
        fresh, previous = getattr(new, group), getattr(old, group)
        pairs = pair_items(
            [item.text for item in fresh],
            [item.text for item in previous],
            context=context
            + [
                item.text
                for report in (new, old)
                for g in KEYS.values()
                if g != group
                for item in getattr(report, g)
            ],
            threshold=threshold,
            margin=margin,
        )
        result[key] = [
            Proposal(fresh[p.new].number, previous[p.old].number, p.score, p.shared) for p in pairs
        ]
    return result
