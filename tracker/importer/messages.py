"""What the importer tells its users: Chinese text, shown in the reader's language.

The importer is plain Python and speaks Chinese, the interface's source
language: its errors (ReportImportError) and warnings are Chinese strings,
asserted as such by the tests, printed by `import_report`, and stored as text
in an import draft's JSON. Each one is made here, with `say`, from a template
marked with gettext_noop, so makemessages puts the template in the catalogs.

Web pages show them through `localize`, at the point of display: it finds the
template a message was made from, translates the template into the active
language and fills in the same values. A draft parsed while the coordinator
read Chinese is shown in English after switching, and back again.
"""

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop

from ..years import FIRST_YEAR, LAST_YEAR

# readers.py: the file itself
EMPTY = gettext_noop("文件为空。")
UNKNOWN_ENCODING = gettext_noop("无法识别文件编码,请以 UTF-8 或 GB18030 保存后重试。")
IMAGE = gettext_noop("这是一个图片文件(%(format)s),不是报告文本。")
ARCHIVE = gettext_noop("这是一个压缩文件,不是报告文本。")
BAD_PDF = gettext_noop("无法读取 PDF 文件,文件可能已损坏。")
PDF_LOCKED = gettext_noop("PDF 文件设有打开密码,请解除密码后重新上传。")
PDF_SCANNED = gettext_noop(
    "这个 PDF 是扫描件,没有可读取的文字。请上传带文字的 PDF、Word 或文本文件,或先做文字识别(OCR)。"
)
PDF_NO_UNICODE = gettext_noop(
    "这个 PDF 的文字无法提取(字体未提供字符映射)。请上传 Word 或文本文件,或从原文件重新导出 PDF。"
)
BAD_WEB_PAGE = gettext_noop("无法读取网页文件,请在浏览器中以“网页,仅 HTML”方式重新保存。")
SPREADSHEET = gettext_noop("这是一个 Excel 文件,不是报告。请上传报告的 Word、PDF、网页或文本文件。")
TOO_EXPANDED = gettext_noop("文件解压后内容过大,已拒绝读取。请上传报告正文文件。")
OLD_WORD = gettext_noop("暂不支持旧版 Word(.doc)文件,请另存为 .docx 或 PDF 后重试。")
WPS = gettext_noop("暂不支持 WPS 文件,请另存为 .docx 或 PDF 后重试。")
TOO_LARGE = gettext_noop("文件过大(超过 %(mb)s MB)。")
UNREADABLE_FILE = gettext_noop("无法读取文件“%(name)s”:%(reason)s。")
BAD_DOCX = gettext_noop("无法读取 Word 文件,文件可能已损坏或不是 .docx 格式。")

# parser.py and items.py: the parse
NO_PARTS = gettext_noop("未找到报告的“存在的不足”或“下一年度安排”部分,无法导入。")
IGNORED_PART = gettext_noop("已忽略“%(heading)s”部分(%(n)s段),它不属于举措、不足、原因或任务。")
NO_TITLE = gettext_noop("未识别到报告标题。")
NO_ISSUER = gettext_noop("未识别到发文机关。")
YEAR_FROM_SIGNED = gettext_noop("未在标题中找到报告年度,按成文日期推定为%(year)s年。")
UNLIKELY_YEAR = gettext_noop("报告年度%(year)s不合理,已忽略。")
NO_YEAR = gettext_noop("未识别到报告年度。")
PUBLISHED_BEFORE_SIGNED = gettext_noop("发布日期早于成文日期,已忽略发布日期。")
NUMBER_GAP = gettext_noop("编号不连续:应为第%(expected)s项,原文为“%(marker)s”。")
DAMAGED_MARKER = gettext_noop("第%(n)s项的编号残缺,已按位置识别:“%(start)s…”。")
NO_NUMBERING = gettext_noop("未发现编号,已按段落拆分,请核对。")
# A warning from one part of the report, prefixed with the part's name.
IN_PART = gettext_noop("%(part)s:%(warning)s")
PART_NAMES = {
    "measure": gettext_noop("主要举措"),
    "shortfall": gettext_noop("存在的不足"),
    "cause": gettext_noop("原因"),
    "task": gettext_noop("下一年度安排"),
}

# draft.py: the coordinator's corrections
ITEM_NOT_FOUND = gettext_noop("找不到要修改的事项,请刷新页面。")
NOTHING_TO_MERGE = gettext_noop("这是该部分的最后一项,没有可合并的下一项。")
BAD_SPLIT = gettext_noop("拆分位置必须是该项原文中(开头之后)的一段文字,请从原文中复制。")
NOTHING_TO_MOVE = gettext_noop("已在该部分的最前或最后,不能再移动。")
BAD_SELECTION = gettext_noop("请先在右侧原文中选中要添加为事项的文字。")

# service.py: saving
DUPLICATE = gettext_noop("该报告(发文机关和年度相同)已经导入,不能重复导入。")
CANNOT_SAVE_WITHOUT_YEAR = gettext_noop("未能识别报告年度,无法导入。")
CANNOT_SAVE_WITHOUT_ISSUER = gettext_noop("未能识别发文机关,无法导入。")
NO_JURISDICTION = gettext_noop("请选择这份报告所属的辖区(发文机关所在的市、区县或乡镇街道)。")
PUBLISHED_BEFORE_SIGNED_REFUSED = gettext_noop("发布日期不能早于成文日期。")
DANGLING_LINK = gettext_noop("关联指向了不存在的事项,无法导入。")
YEAR_OUT_OF_RANGE = gettext_noop("报告年度应在 %(first)s 至 %(last)s 年之间。")
LINK_NOT_ALLOWED = gettext_noop("这种关联不成立:原因只能说明不足,任务只能针对不足或原因。")
# services/lineage.py: last year's report and the links across years
PREVIOUS_NOT_ALLOWED = gettext_noop("上一年度报告必须属于同一辖区,且年度更早。")
LINEAGE_NOT_ALLOWED = gettext_noop(
    "这项跨年度衔接不成立:屡查屡犯只在不足之间,延续任务只在任务之间,且须同一辖区、更晚年度。"
)
LINEAGE_DANGLING = gettext_noop("跨年度衔接指向的事项已不存在,请刷新页面后重新选择。")
LINEAGE_ALREADY_CLOSED = gettext_noop("上一年度的这一事项已经销号,不能再结转或转入下一年度。")

# Parameters that hold a message themselves, localized in turn.
NESTED = {"part", "warning"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def say(template: str, **params) -> str:
    """The message in Chinese, as the importer raises, stores and prints it."""
    return template % params if params else template


def year_out_of_range() -> str:
    """YEAR_OUT_OF_RANGE with tracker.years' range filled in."""
    return say(YEAR_OUT_OF_RANGE, first=FIRST_YEAR, last=LAST_YEAR)


def _templates() -> list[str]:
    found = [
        value
        for name, value in globals().items()
        if name.isupper() and isinstance(value, str) and value != IN_PART
    ]
    # A message wrapping another is tried last, so the inner one is never taken for it.
    return [*found, *PART_NAMES.values(), IN_PART]


@cache
def _patterns() -> list[tuple[str, re.Pattern]]:
    parts = "|".join(re.escape(name) for name in PART_NAMES.values())
    patterns = []
    for template in _templates():
        pieces = PLACEHOLDER.split(template)
        regex = ""
        for i, piece in enumerate(pieces):
            if i % 2 == 0:
                regex += re.escape(piece)
            else:
                regex += f"(?P<{piece}>{parts if piece == 'part' else '.+?'})"
        patterns.append((template, re.compile(regex + r"\Z", re.DOTALL)))
    return patterns


def localize(message: str) -> str:
    """An importer message in the active language; any other text as it is."""
    for template, pattern in _patterns():
        match = pattern.match(message)
        if match is None:
            continue
        params = {
            name: localize(value) if name in NESTED else value
            for name, value in match.groupdict().items()
        }
        return gettext(template) % params if params else gettext(template)
    return message
