"""Page furniture, the title, the issuer, the dates and the signature block.

Reports are usually copied from a government web page, so the text carries the
page around it (当前位置, 来源, 发布时间, 打印本页 …) and ends with the signing
body, the date and sometimes an attachment list. None of that is an item.
"""

import re
from dataclasses import dataclass
from datetime import date

from .normalize import Line
from .numbering import chinese_to_int

_FURNITURE_START = re.compile(
    r"^(当前位置|您的位置|你的位置|所在位置|信息来源|来源|发布机构|发布时间|发布日期|发文日期|"
    r"成文日期|生成日期|索引号|发文字号|文号|发文机关|主题分类|主题词|公开方式|公开范围|公开时限|"
    r"浏览次数|阅读次数|点击数|访问量|作者|责任编辑|编辑|审核|字号|分享到|体裁分类|组配分类|"
    r"服务对象|有效性)\s*[:]"
)
_FURNITURE_ANYWHERE = re.compile(
    r"打印本页|关闭窗口|【\s*字体|字体\s*[:]?\s*[【\[]?\s*大\s*中\s*小|【\s*(打印|关闭|返回顶部)|"
    r"扫一扫|分享到|上一篇|下一篇|^首页\s*[>›»]|[>›»]\s*[^\s>›»]{1,12}\s*[>›»]"
)
_DATE = (
    r"(20\d\d|二[〇零][一二三四五六七八九〇零]{2})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)
_DATE_LINE = re.compile(rf"^\(?{_DATE}\)?$")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发文日期)\s*:\s*(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
)
_SOURCE = re.compile(r"(?:^|\s)(?:信息来源|来源)\s*:\s*([^\s:]{2,40})")
_ISSUER_END = (
    r"(?:人民政府|政府|委员会|管委会|办公室|办公厅|办事处|司法局|局|厅|委|院|署|中心|办|部|"
    r"区委|县委|市委)"
)
_ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff()]{{2,30}}{_ISSUER_END}$")
_TITLE_ISSUER = re.compile(
    rf"^(?:中共)?([\u4e00-\u9fff()]{{2,30}}?{_ISSUER_END})(?=关于|20\d\d|二[〇零]|法治)"
)
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*(?::|$)")
_YEAR_IN_TITLE = re.compile(r"(20\d\d|二[〇零][一二三四五六七八九〇零]{2})\s*年")
_YEAR_OPENING = re.compile(r"^(20\d\d)\s*年(?:度)?(?:是|,|以来|来|我|全|在|,)")


def is_furniture(line: Line) -> bool:
    """Web-page chrome around the report, never part of it."""
    text = line.text
    if _FURNITURE_START.match(text):
        return True
    return len(text) <= 60 and bool(_FURNITURE_ANYWHERE.search(text))


def parse_date(text: str) -> date | None:
    """Read 2022年2月22日 or 二〇二二年二月二十二日; None when absent or impossible."""
    match = re.search(_DATE, text)
    if not match:
        return None
    year, month, day = (_number(group) for group in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else chinese_to_int(raw.replace("零", "〇"))


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
    """The 来源 of the web page, a fallback for the issuer."""
    for line in lines:
        if is_furniture(line):
            match = _SOURCE.search(line.text)
            if match:
                return match.group(1)
    return ""


def is_issuer_line(text: str) -> bool:
    return bool(_ISSUER_LINE.match(text))


def is_attachment_line(text: str) -> bool:
    return bool(_ATTACHMENT.match(text))


@dataclass(frozen=True)
class Signature:
    """Where the signature block starts (line position) and what it says."""

    position: int
    issuer: str
    signed: date | None


def find_signature(lines: list[Line], after: int) -> Signature | None:
    """The signing block after line `after`: the issuer lines, then the date.

    The block is the last whole-line date with the issuer-looking lines just
    above it; failing a date, issuer lines that end the text.
    """
    dates = [pos for pos in range(after + 1, len(lines)) if _DATE_LINE.match(_compact(lines[pos]))]
    date_pos = dates[-1] if dates else len(lines)
    start = date_pos
    while start - 1 > after and is_issuer_line(_compact(lines[start - 1])):
        start -= 1
    if start == len(lines):
        return None
    issuer = _compact(lines[date_pos - 1]) if start < date_pos else ""
    signed = parse_date(_compact(lines[date_pos])) if dates else None
    return Signature(start, issuer, signed)


def header_date(lines: list[Line], before: int) -> date | None:
    """A date printed under the title, "(2023年1月12日)", for reports signed at the top."""
    for line in lines[:before]:
        if _DATE_LINE.match(_compact(line)):
            return parse_date(_compact(line))
    return None


def _compact(line: Line) -> str:
    """The line without spaces: signatures are often spread out to the right."""
    return line.text.replace(" ", "")


def find_title(lines: list[Line]) -> tuple[str, int]:
    """The report's title and the position of its last line (-1 when none is found).

    The title is the first short line naming the genre; a title broken over two
    lines ("…法治政府建设" / "情况的报告") is joined.
    """
    for pos, line in enumerate(lines[:30]):
        text = line.text
        if is_furniture(line) or len(text) > 80 or "。" in text:
            continue
        if "报告" in text and re.search(r"法治|依法行政|法制", text):
            return text, pos
        following = lines[pos + 1].text if pos + 1 < len(lines) else ""
        if re.search(r"法治|依法行政", text) and following.endswith("报告") and len(following) < 20:
            return text + following, pos + 1
    return "", -1


def title_issuer(title: str) -> str:
    """The body named at the head of the title: "XX区人民政府关于…" → XX区人民政府."""
    match = _TITLE_ISSUER.match(title.replace(" ", ""))
    return match.group(1) if match else ""


def year_from_title(title: str) -> int | None:
    match = _YEAR_IN_TITLE.search(title)
    return _number(match.group(1).replace("零", "〇")) if match else None


def year_from_opening(lines: list[Line]) -> int | None:
    """ "2021年是…" or "2021年,我区…" in the report's opening lines."""
    for line in lines[:40]:
        match = _YEAR_OPENING.match(line.text)
        if match:
            return int(match.group(1))
    return None
