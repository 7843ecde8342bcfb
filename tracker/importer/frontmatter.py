"""Page furniture, the title, the issuer named in it and the year covered.

Reports are usually copied from a government web page, so the text carries the
page around it (当前位置, 来源, 发布时间, 打印本页, 相关链接 …). None of that is
an item. The signature block at the end is read by signature.py.
"""

import re
from datetime import date

from .dates import read_number
from .normalize import Line
from .signature import ISSUER_END, is_issuer_line

_FURNITURE_START = re.compile(
    r"^(当前位置|您的位置|你的位置|所在位置|信息来源|文章来源|稿件来源|来源|发布机构|发布时间|"
    r"发布日期|发文日期|成文日期|生成日期|索引号|发文字号|文号|发文机关|主题分类|主题词|公开方式|"
    r"公开范围|公开时限|浏览次数|阅读次数|访问次数|浏览量|阅读量|点击数|点击量|访问量|作者|"
    r"责任编辑|编辑|审核|校对|字号|分享到|体裁分类|组配分类|服务对象|有效性)\s*[:]"
)
_FURNITURE_ANYWHERE = re.compile(
    r"打印本页|关闭窗口|【\s*字体|字体\s*[:]?\s*[【\[]?\s*大\s*中\s*小|【\s*(打印|关闭|返回顶部)|"
    r"扫一扫|分享到|上一篇|下一篇|^首页\s*[>›»]|[>›»]\s*[^\s>›»]{1,12}\s*[>›»]"
)
# Where the page goes on after the report: links to other pages, never the report.
_PAGE_END = re.compile(r"^(?:相关链接|相关文章|相关阅读|相关新闻|相关信息|相关文件|延伸阅读)\s*:?$")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期)\s*:\s*(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_SOURCE = re.compile(r"(?:^|\s)(?:信息|文章|稿件)?来源\s*:\s*([^\s:]{2,40})")
# The words before 关于 or the year: "中共XX县委 XX县人民政府关于…" names two bodies.
_TITLE_HEAD = re.compile(r"^(.{2,60}?)(?=关于|20\d\d|二[〇零]|法治)")
_TITLE_ISSUER = re.compile(rf"^(?:中共)?([\u4e00-\u9fff()]{{2,30}}?{ISSUER_END})$")
# A title line broken before its genre words: "XX局关于2022年度" / "法治政府建设…报告".
_TITLE_FIRST_HALF = re.compile(r"(?:关于|\d年|\d年度)$")
_YEAR_IN_TITLE = re.compile(r"(20\d\d|二[〇零][一二三四五六七八九〇零]{2})\s*年")
_YEAR_OPENING = re.compile(r"^(20\d\d)\s*年(?:度)?(?:是|,|以来|来|我|全|在|,)")
# "现将我县2022年度法治政府建设情况报告如下": the year the report covers, said once.
_YEAR_LEAD_IN = re.compile(r"现将.{0,30}?(20\d\d)\s*年(?!\d)|(20\d\d)\s*年度")


def is_furniture(line: Line) -> bool:
    """Web-page chrome around the report, never part of it."""
    text = line.text
    if _FURNITURE_START.match(text):
        return True
    return len(text) <= 60 and bool(_FURNITURE_ANYWHERE.search(text))


def page_end(lines: list[Line], after: int) -> int:
    """The position of the first "相关链接" line after `after`, or len(lines).

    What follows it lists other pages: without a signature block to stop
    at, those titles would otherwise run on into the last task.
    """
    for pos in range(after + 1, len(lines)):
        if _PAGE_END.match(lines[pos].text):
            return pos
    return len(lines)


def published_date(lines: list[Line]) -> date | None:
    """The 发布时间 of the web page, when the page furniture gives it."""
    for line in lines:
        match = _PUBLISHED.search(line.text)
        if match:
            try:
                return date(*(int(group) for group in match.groups()))
            except ValueError:
                return None
    return None


def source_issuer(lines: list[Line]) -> str:
    """The 来源 of the web page, a fallback for the issuer: it names who posted the page."""
    for line in lines:
        if is_furniture(line):
            match = _SOURCE.search(line.text)
            if match:
                return match.group(1)
    return ""


def find_title(lines: list[Line]) -> tuple[list[Line], int]:
    """The report's title lines and the position of the last one (-1 when none is found).

    The title is the first short line naming the genre; a title broken over two
    lines ("…法治政府建设" / "情况的报告", or "XX局关于2022年度" / "法治政府
    建设…的报告") is joined.
    """
    for pos, line in enumerate(lines[:30]):
        text = line.text
        if is_furniture(line) or len(text) > 80 or "。" in text:
            continue
        if "报告" in text and re.search(r"法治|依法行政|法制", text):
            if pos > 0 and _is_first_half(lines[pos - 1].text, text):
                return [lines[pos - 1], line], pos
            return [line], pos
        following = lines[pos + 1].text if pos + 1 < len(lines) else ""
        if re.search(r"法治|依法行政", text) and following.endswith("报告") and len(following) < 20:
            return [line, lines[pos + 1]], pos + 1
    return [], -1


def _is_first_half(text: str, title: str) -> bool:
    """Whether `text` is the head of `title` broken off the line above.

    Either it ends mid-phrase ("…关于", "…2022年度"), or it is the issuer and
    the title line goes on "关于…"; a site banner above a whole title is neither.
    """
    if len(text) > 40 or re.search(r"[,。;:!?]", text):
        return False
    if _TITLE_FIRST_HALF.search(text):
        return True
    return title.startswith("关于") and is_issuer_line(text)


def title_issuer(title: str) -> str:
    """The body named at the head of the title: "XX区人民政府关于…" → XX区人民政府.

    Of two bodies ("中共XX县委 XX县人民政府关于…") the last, as in a signature.
    """
    head = _TITLE_HEAD.match(title)
    if not head:
        return ""
    words = head.group(1).split()
    last = words[-1] if words and all(is_issuer_line(w) for w in words) else head.group(1)
    match = _TITLE_ISSUER.match(last.replace(" ", ""))
    return match.group(1) if match else ""


def year_from_title(title: str) -> int | None:
    match = _YEAR_IN_TITLE.search(title)
    return read_number(match.group(1)) if match else None


def year_from_opening(lines: list[Line]) -> int | None:
    """ "2021年是…" or "2021年,我区…" in the opening lines, else "现将…2022年度…报告如下"."""
    for line in lines[:40]:
        match = _YEAR_OPENING.match(line.text)
        if match:
            return int(match.group(1))
    for line in lines[:10]:
        match = _YEAR_LEAD_IN.search(line.text)
        if match:
            return int(match.group(1) or match.group(2))
    return None
