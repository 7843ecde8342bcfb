"""Word (.docx) documents for the status summary and the draft, laid out as 公文 (GB/T 9704-2012).

A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (a text block of
156 × 225 mm: 22 lines of 28 characters); the title in 小标宋 二号, the body in
仿宋 三号 on a fixed 28-point line, headings 一、 in 黑体 and (一) in 楷体;
page numbers "— 1 —" in 四号 宋体 below the text block, odd pages on the
right and even pages on the left; the issuer and the date after the body, as
an unsealed document places them.

Styles carry the fonts (w:eastAsia in each style's rFonts), so Word and WPS
show each part in its face whatever the machine's defaults. Government
machines have 仿宋_GB2312 and 方正小标宋简体; where one is missing, the font
table names the face to use instead (w:altName: 仿宋, 黑体, 楷体).
"""

import re
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from ..text import plain_text
from .bulletin import OVERDUE_HEADERS, SCORE_HEADERS, Bulletin
from .draft import Draft
from .status import TABLE_HEADERS, StatusSummary
from .wording import cn_date, ordinal

# Faces, first choice → the one to use where it is missing (the font table's altName).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
FALLBACKS = {TITLE_FONT: "黑体", BODY_FONT: "仿宋", SUBHEADING_FONT: "楷体"}
LATIN_FONT = "Times New Roman"

# 号 (Chinese type sizes) in points.
ER_HAO, SAN_HAO, SI_HAO = Pt(22), Pt(16), Pt(14)
LINE = Pt(28)  # the body's fixed line pitch
TITLE_LINE = Pt(36)  # a 二号 title on a 28-point line would be clipped
INDENT = Pt(32)  # two characters of 三号
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# The page number's line starts 7 mm below the text block; the line is about 6 mm tall.
PAGE_NUMBER_GAP_MM, PAGE_NUMBER_LINE_MM = 7, 6
TABLE_WIDTHS_MM = [12, 46, 28, 25, 16, 13, 71, 14]  # the 225 mm of a turned text block
TITLE_CHARS = 19  # 二号 characters on a line of the text block (20.1 fit: keep one spare)
# Where a long title may turn to a new line and keep its words whole (GB/T 9704:
# 标题回行时要做到词意完整): before 关于, after 报告, before a bracketed note.
TITLE_BREAK = re.compile(r"(?=关于)|(?<=报告)|(?=\uff08)")
TABLE_TEXT = Pt(10.5)  # 五号


def set_fonts(style, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and the East Asian font of a style (python-docx sets only the former)."""
    style.font.name = latin
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    # Theme fonts win over named ones: the default template's headings carry them.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _fixed_lines(style, pitch=LINE) -> None:
    paragraph = style.paragraph_format
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.line_spacing = pitch
    paragraph.space_before = paragraph.space_after = Pt(0)


def _style(document, name: str, font: str, size, *, bold: bool = False):
    style = document.styles[name]
    set_fonts(style, font)
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _fixed_lines(style)
    return style


def new_document() -> Document:
    document = Document()
    _document_defaults(document)
    _font_table(document)
    _page(document.sections[0])
    normal = _style(document, "Normal", BODY_FONT, SAN_HAO)
    normal.paragraph_format.widow_control = False  # a fixed grid: lines never move
    title = _style(document, "Title", TITLE_FONT, ER_HAO)
    _fixed_lines(title, TITLE_LINE)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = LINE  # one blank line under the title
    _drop_title_border(title)
    for name, font, bold in (
        ("Heading 1", HEADING_FONT, False),
        ("Heading 2", SUBHEADING_FONT, False),
        ("Heading 3", BODY_FONT, True),
    ):
        heading = _style(document, name, font, SAN_HAO, bold=bold)
        heading.paragraph_format.first_line_indent = INDENT
        heading.paragraph_format.keep_with_next = True
    document.settings.odd_and_even_pages_header_footer = True
    return document


def _document_defaults(document) -> None:
    """Chinese as the East Asian language (the template says en-US), no theme fonts."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = run.find(qn("w:rFonts"))
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    run.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")


def _font_table(document) -> None:
    """Name each first-choice face in the font table with the face to use without it."""
    part = next(
        rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable")
    )
    table = parse_xml(part.blob)
    for name, alternative in FALLBACKS.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
        )
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _page(section, *, landscape: bool = False) -> None:
    """A4 with the 公文 margins (turned with the page for a landscape table) and page numbers."""
    width, height = Mm(210), Mm(297)
    top, bottom, left, right = (MARGINS_MM[side] for side in ("top", "bottom", "left", "right"))
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
        top, right, bottom, left = right, bottom, left, top  # the page turned clockwise
    section.page_width, section.page_height = width, height
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
    section.footer_distance = Mm(bottom - PAGE_NUMBER_GAP_MM - PAGE_NUMBER_LINE_MM)
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(footer, alignment) -> None:
    """ "— 1 —": a PAGE field between dashes, one character in from the outer edge."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = alignment
    format_ = paragraph.paragraph_format
    format_.first_line_indent = Pt(0)
    format_.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        format_.right_indent = SI_HAO
    else:
        format_.left_indent = SI_HAO
    for piece in ("— ", None, " —"):
        run = paragraph.add_run()
        run.font.size = SI_HAO
        run.font.name = PAGE_NUMBER_FONT
        run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), PAGE_NUMBER_FONT)
        if piece is not None:
            run.text = piece
            continue
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
            if kind:
                mark = OxmlElement("w:fldChar")
                mark.set(qn("w:fldCharType"), kind)
                run._r.append(mark)
            elif text == " PAGE ":
                instruction = OxmlElement("w:instrText")
                instruction.set(qn("xml:space"), "preserve")
                instruction.text = text
                run._r.append(instruction)
            else:
                shown = OxmlElement("w:t")
                shown.text = text
                run._r.append(shown)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(end)


def _drop_title_border(style) -> None:
    """The default template underlines the Title style; official documents do not."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def body(document, text: str, *, indent: bool = True, bold_lead: str = ""):
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = INDENT
    if bold_lead:
        paragraph.add_run(plain_text(bold_lead)).bold = True
    paragraph.add_run(plain_text(text))
    return paragraph


def centered(document, text: str):
    """A line under the title (the issuer and the date it speaks of), in 楷体."""
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _in_font(paragraph.add_run(plain_text(text)), SUBHEADING_FONT)
    return paragraph


def title(document, text: str):
    """The title, turned at the places its words allow when it is longer than a line."""
    lines: list[str] = []
    for piece in filter(None, TITLE_BREAK.split(plain_text(text))):
        if lines and _width(lines[-1] + piece) <= TITLE_CHARS:
            lines[-1] += piece
        else:
            lines.append(piece)
    if _width(text) <= TITLE_CHARS:
        lines = [plain_text(text)]
    paragraph = document.add_paragraph(style="Title")
    for n, line in enumerate(lines):
        run = paragraph.add_run(line)
        if n < len(lines) - 1:
            run.add_break()
    return paragraph


def _in_font(run, east_asia: str) -> None:
    run._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def _width(text: str) -> float:
    """A line's width in characters of its size: digits and Latin letters are half as wide."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def signature(document, *, issuer: str, on) -> None:
    """The issuer and the date after the body, as GB/T 9704 places them on an unsealed
    document: one line down, the issuer two characters in from the right, the date on
    the next line starting two characters right of the issuer (or, when the date is
    the longer, the date two characters in and the issuer moved left to match)."""
    day = cn_date(on)
    issuer_right = 2.0
    day_right = issuer_right + _width(issuer) - 2 - _width(day)
    if day_right < 2:
        day_right = 2.0
        issuer_right = day_right + _width(day) + 2 - _width(issuer)
    document.add_paragraph()
    for text, right in ((issuer, issuer_right), (day, day_right)):
        paragraph = document.add_paragraph(plain_text(text))
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.right_indent = Pt(SAN_HAO.pt * right)


def annex_note(document, name: str) -> None:
    """附件说明: one line below the body, two characters in."""
    document.add_paragraph()
    body(document, f"附件:{name}")


def annex(document, name: str, *, landscape: bool = False) -> None:
    """An annex on a new page (a landscape section for a wide table): 附件 at the top
    left in 黑体, its title centred in the title's face."""
    if landscape:
        _page(document.add_section(), landscape=True)
    else:
        document.add_page_break()
    label = document.add_paragraph()
    _in_font(label.add_run("附件"), HEADING_FONT)
    title(document, name).paragraph_format.space_before = LINE


def table(document, headers: list[str], rows: list[list[str]], widths_mm: list[float]):
    """A bordered table whose header row repeats on every page.

    Column widths go on the grid before any row is added (add_row copies them
    into each cell); cells are filled as their row is added, in linear time.
    """
    grid = document.add_table(rows=0, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(grid.columns, widths_mm, strict=True):
        column.width = Mm(width)
    # Set the style id on the XML directly: paragraph.style = … looks the style up
    # by name for every cell, which dominates the time of a long table.
    style_id = _table_text_style(document).style_id
    header = grid.add_row()
    _row_properties(header, repeat=True)
    for cell, text in zip(header.cells, headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        run = paragraph.add_run(plain_text(text))
        _in_font(run, HEADING_FONT)
    for values in rows:
        row = grid.add_row()
        _row_properties(row)
        for cell, text in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            paragraph.add_run(plain_text(text))
    return grid


def _table_text_style(document):
    """Single-spaced 五号 text for table cells (the body is on a fixed 28-point line)."""
    if "表格文字" in [style.name for style in document.styles]:
        return document.styles["表格文字"]
    style = document.styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = TABLE_TEXT
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    style.paragraph_format.first_line_indent = Pt(0)
    return style


def _row_properties(row, *, repeat: bool = False) -> None:
    """Keep a row on one page; a header row repeats at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    properties.append(cant_split)
    if repeat:
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        properties.append(marker)


def to_bytes(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


SUMMARY_ANNEX = "整改事项明细表"
DRAFT_ANNEX = "草稿来源"


def summary_docx(summary: StatusSummary) -> bytes:
    document = new_document()
    document.core_properties.title = summary.title
    report = summary.scope.report
    title(document, summary.title)
    centered(document, f"{report.issuer} {summary.subtitle}")
    document.add_heading("一、总体情况", level=1)
    body(document, summary.totals)
    body(document, summary.lights)
    for line in summary.previous:  # how each of last year's items ended
        body(document, line)
    document.add_heading("二、存在的不足整改情况", level=1)
    for n, section in enumerate(summary.sections, 1):
        document.add_heading(plain_text(f"{ordinal(n)}{section.shortfall.heading}"), level=2)
        body(document, section.causes_text)
        body(document, section.shortfall.facts)
        body(document, section.shortfall.progress)
        if not section.tasks:
            body(document, "整改任务:无。")
        for task in section.tasks:
            body(document, f"{task.facts}{task.progress}", bold_lead=f"整改任务 {task.heading}:")
    document.add_heading("三、尚未完成的下一年度安排", level=1)
    for n, task in enumerate(summary.open_tasks, 1):
        document.add_heading(plain_text(f"{ordinal(n)}{task.heading}"), level=2)
        body(document, task.facts)
        body(document, task.progress)
    if not summary.open_tasks:
        body(document, "下一年度安排已全部销号。")
    annex_note(document, SUMMARY_ANNEX)
    signature(document, issuer=report.issuer, on=summary.scope.on)
    annex(document, SUMMARY_ANNEX, landscape=True)
    table(document, TABLE_HEADERS, summary.table(), TABLE_WIDTHS_MM)
    return to_bytes(document)


def draft_docx(draft: Draft) -> bytes:
    document = new_document()
    document.core_properties.title = draft.title
    title(document, draft.title)
    _in_font(body(document, draft.note).runs[0], SUBHEADING_FONT)
    for section in draft.sections:
        document.add_heading(plain_text(section.heading), level=1)
        if section.intro is not None:
            body(document, str(section.intro))
        for paragraph in section.paragraphs:
            body(document, paragraph.text, bold_lead=f"{paragraph.heading}。")
        if not section.paragraphs:
            body(document, section.empty)
    annex_note(document, DRAFT_ANNEX)
    signature(document, issuer=draft.scope.report.issuer, on=draft.scope.on)
    annex(document, DRAFT_ANNEX)
    for source in draft.sources:
        body(document, source.text, indent=False, bold_lead=f"{source.number}. ")
    return to_bytes(document)


BULLETIN_SCORE_WIDTHS_MM = [12, 48, 13, 19, 19, 14, 14, 17]  # the 156 mm of the text block
BULLETIN_OVERDUE_WIDTHS_MM = [9, 44, 24, 27, 13, 13, 26]  # a date needs 26 mm


def bulletin_docx(made: Bulletin) -> bytes:
    """The bulletin as a 公文: title, period, opening, six parts, the ranking and the
    overdue items as tables in the body, the office and the date."""
    document = new_document()
    document.core_properties.title = made.title
    title(document, made.title)
    centered(document, made.subtitle)
    body(document, made.opening)
    totals, progress, ranking, overdue, mentions, requests = made.parts
    document.add_heading(totals, level=1)
    body(document, made.totals)
    body(document, made.period_sentence)
    document.add_heading(progress, level=1)
    for n, line in enumerate(made.progress_lines(), 1):
        body(document, line, bold_lead=ordinal(n))
    if not made.progress:
        body(document, made.no_progress)
    if made.progress_more:
        body(document, made.progress_more_text)
    document.add_heading(ranking, level=1)
    body(document, made.scoring.rule_text)
    table(document, SCORE_HEADERS, made.score_table(), BULLETIN_SCORE_WIDTHS_MM)
    for row in made.scored:
        body(document, f"{row.breakdown_text},得分{row.score}。", bold_lead=f"{row.name}:")
    document.add_heading(overdue, level=1)
    if made.overdue:
        body(document, f"截至{cn_date(made.scope.on)},逾期未完成事项{len(made.overdue)}项,见下表。")
        table(document, OVERDUE_HEADERS, made.overdue_table(), BULLETIN_OVERDUE_WIDTHS_MM)
    else:
        body(document, made.no_overdue_text)
    document.add_heading(mentions, level=1)
    body(document, made.praise_text, bold_lead=made.praise_lead)
    body(document, made.criticism_text, bold_lead=made.criticism_lead)
    document.add_heading(requests, level=1)
    for n, text in enumerate(made.requests, 1):
        body(document, text, bold_lead=ordinal(n))
    signature(document, issuer=made.issuer, on=made.scope.on)
    return to_bytes(document)
