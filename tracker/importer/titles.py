"""The lead phrase of an item, used as its title.

Most items open with a short phrase ended by a full stop ("一是持续深化法治
政府示范创建。"). Many run the phrase straight into the body with no stop
("三是基层行政执法力量相对薄弱按照执法权限向基层倾斜…"); there the boundary
is the first place where a phrase-final word (薄弱, 不够X, 有待进一步X, 建设,
下功夫 …) meets a word that opens a new clause (按照, 部分, 加强, 将 …).
A shortfall or cause states its problem in its first clause ("部分干部法治
思维不强,运用法治方式…的能力有待提高;"), so for those the first comma ends
the phrase too. Titles are best effort; the text is what must be exact.
"""

import re

MAX_SENTENCE = 40
MAX_TITLE = 30
MIN_REST = 6  # a body shorter than this after a boundary is part of the phrase
MIN_CLAUSE = 4

_TERMINATOR = re.compile(r"[。;!?:]")
# Predicates that close a shortfall's or cause's statement.
_PREDICATE = (
    r"不强|不够[\u4e00-\u9fff]{1,2}|不足|欠缺|不健全|不完善|不彻底|不到位|不平衡|不充分|不规范|"
    r"不明显|不高|不深|不严|不实|不细|不畅|滞后|偏低|偏少|偏弱|较少|较弱|较低|薄弱|缺乏|"
    r"有待于?(?:进一步)?[\u4e00-\u9fff]{2}|需要加强|亟需加强|亟待加强|仍需加强|"
    r"需(?:要)?进一步[\u4e00-\u9fff]{2}"
)
# Inside a short first sentence only such a predicate ends the phrase
# ("公职律师队伍需要加强我区公务员队伍中…人员较少。").
_STRONG_FINAL = re.compile(rf"(?:{_PREDICATE})$")
# In a long run-on sentence, a task's object ends the phrase as well.
_FINAL = re.compile(
    rf"(?:{_PREDICATE}|下功夫|落实落地|落地|建设|考核|机制|体系|能力|水平|质量|效能|效果|改革|"
    r"创建|平台|制度|队伍|环境|意识|作用|服务|监督|管理|保障|治理)$"
)
_START = re.compile(
    r"(?:部分|个别|少数|一些|有的|有些|我区|我市|我县|我局|我委|全区|全市|全县|各级|各单位|各部门|"
    r"按照|根据|围绕|针对|对照|对|将|把|在|从|以|通过|由于|目前|当前|虽然|尽管|树立|加强|推动|"
    r"推进|持续|深化|建立|健全|完善|提升|开展|组织|实施|制定|强化|严格|充分|切实|着力|大力|积极|"
    r"进一步|不断|认真|坚持|依托|结合|聚焦|做好|抓好|加快|加大|扎实|全面|深入|探索|出台|印发|召开|"
    r"举办|重点|主要|特别|尤其|比如|例如|其中|截至|截止|同时|但|仍|还|具体|一方面|20\d\d年|\d)"
)
_TRAILING = " ,、:;。,:;"
# Discourse openers that are not part of the phrase: "一方面,部分领导干部…".
_OPENER = re.compile(
    r"^(?:一方面|另一方面|首先|其次|再次|最后|此外|同时|总的来看|总体来看|具体来说) *,"
)


def lead_phrase(norm: str, original: str, *, skip: int = 0, first_clause: bool = False) -> str:
    """The title of an item whose text is `original` (and `norm` its shadow).

    `skip` drops the first characters from the title only, e.g. the stray 是
    left by a damaged marker; `first_clause` lets a comma end the phrase
    (shortfalls and causes).
    """
    opener = _OPENER.match(norm, skip)
    if opener:
        skip = opener.end()
    norm, original = norm[skip:], original[skip:]
    first_line = norm.split("\n", 1)[0].rstrip()
    stop = _TERMINATOR.search(first_line)
    sentence_end = stop.start() if stop else len(first_line)
    if sentence_end <= MAX_SENTENCE:
        # A comma that ends the first clause also bounds the search for a
        # run-on boundary: "…机制不完善,对整改成效缺乏持续…" ends at the comma.
        # An item that is one sentence ("推进…创建,年内创建…10所。") would be its
        # own title: its first clause is the phrase, whatever its kind (a
        # heading without a full stop stays whole).
        whole = stop is not None and norm[sentence_end + 1 :].strip() == ""
        comma = _first_comma(first_line, sentence_end) if first_clause or whole else None
        limit = sentence_end - MIN_REST if comma is None else min(sentence_end - MIN_REST, comma)
        boundary = _clause_boundary(first_line, limit, _STRONG_FINAL) or comma
        return _clean(original[: boundary or sentence_end])
    comma = _first_comma(first_line, MAX_SENTENCE) if first_clause else None
    if comma is not None:
        # A shortfall's or cause's long first sentence: its first clause is the phrase.
        return _clean(original[: _clause_boundary(first_line, comma, _STRONG_FINAL) or comma])
    boundary = _clause_boundary(first_line, MAX_SENTENCE, _FINAL)
    if boundary is None:
        boundary = _first_comma(first_line, MAX_TITLE + 1)
    return _clean(original[: boundary or MAX_TITLE])


def _clause_boundary(text: str, limit: int, final: re.Pattern[str]) -> int | None:
    """The first position where a phrase-final word meets a clause opener."""
    for pos in range(MIN_CLAUSE, limit + 1):
        if final.search(text, 0, pos) and _START.match(text, pos):
            return pos
    return None


def _first_comma(text: str, limit: int) -> int | None:
    comma = text.find(",", MIN_CLAUSE, limit)
    return comma if comma > 0 else None


def _clean(title: str) -> str:
    return title.strip().rstrip(_TRAILING).strip()
