"""Word (.docx) documents for the status summary and the draft, in Chinese fonts.

Styles carry the fonts (w:eastAsia set in each style's rPr/rFonts): 宋体 for
the body, 黑体 for titles and headings, so Word and WPS show Chinese text in
the right face whatever the machine's defaults.
"""

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..text import plain_text
from .draft import Draft
from .status import TABLE_HEADERS, StatusSummary
from .wording import ordinal

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
HEADING_SIZES = {"Title": 18, "Heading 1": 15, "Heading 2": 13, "Heading 3": 12}
TABLE_WIDTHS_CM = [1.0, 4.8, 2.9, 2.3, 1.6, 1.3, 8.7, 1.4]


def set_fonts(style, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Set the Latin and the East Asian font of a style (python-docx sets only the former)."""
    style.font.name = latin
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    # Theme fonts win over named ones: the default template's headings carry them.
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin = section.right_margin = Cm(2.4)
    normal = document.styles["Normal"]
    set_fonts(normal, BODY_FONT)
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for name, size in HEADING_SIZES.items():
        style = document.styles[name]
        set_fonts(style, HEADING_FONT)
        style.font.size = Pt(size)
        style.font.bold = name == "Title"
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
    title = document.styles["Title"]
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _drop_title_border(title)
    return document


def _drop_title_border(style) -> None:
    """The default template underlines the Title style; official documents do not."""
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def body(document, text: str, *, indent: bool = True, bold_lead: str = ""):
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)  # two characters
    if bold_lead:
        paragraph.add_run(plain_text(bold_lead)).bold = True
    paragraph.add_run(plain_text(text))
    return paragraph


def centered(document, text: str):
    paragraph = document.add_paragraph(plain_text(text))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def table(document, headers: list[str], rows: list[list[str]], widths_cm: list[float]):
    """A bordered table whose header row repeats on every page.

    Column widths go on the grid before any row is added (add_row copies them
    into each cell); cells are filled as their row is added, in linear time.
    """
    grid = document.add_table(rows=0, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
    # Set the style id on the XML directly: paragraph.style = … looks the style up
    # by name for every cell, which dominates the time of a long table.
    style_id = _table_text_style(document).style_id
    header = grid.add_row()
    _row_properties(header, repeat=True)
    for cell, text in zip(header.cells, headers, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style_id
        paragraph.add_run(plain_text(text)).bold = True
    for values in rows:
        row = grid.add_row()
        _row_properties(row)
        for cell, text in zip(row.cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            paragraph.add_run(plain_text(text))
    return grid


def _table_text_style(document):
    """Single-spaced 10.5 pt text for table cells (the body is 1.5-spaced)."""
    if "表格文字" in [style.name for style in document.styles]:
        return document.styles["表格文字"]
    style = document.styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    style.paragraph_format.line_spacing = 1.0
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


def landscape(document) -> None:
    """A new landscape section, for a wide table."""
    section = document.add_section()
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)


def to_bytes(document) -> bytes:
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def summary_docx(summary: StatusSummary) -> bytes:
    document = new_document()
    document.core_properties.title = summary.title
    document.add_heading(plain_text(summary.title), level=0)
    centered(document, f"{summary.scope.report.issuer} {summary.subtitle}")
    document.add_heading("一、总体情况", level=1)
    body(document, summary.totals)
    body(document, summary.lights)
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
    landscape(document)
    document.add_heading("附表 整改事项明细", level=1)
    table(document, TABLE_HEADERS, summary.table(), TABLE_WIDTHS_CM)
    return to_bytes(document)


def draft_docx(draft: Draft) -> bytes:
    document = new_document()
    document.core_properties.title = draft.title
    document.add_heading(plain_text(draft.title), level=0)
    note = body(document, draft.note, indent=False)
    note.runs[0].italic = True
    for heading, paragraphs, empty in (
        ("一、主要举措和成效", draft.achievements, "截至该日尚无销号事项。"),
        ("二、存在的不足", draft.shortfalls, "截至该日事项均已销号。"),
    ):
        document.add_heading(plain_text(heading), level=1)
        for paragraph in paragraphs:
            body(document, paragraph.text, bold_lead=f"{paragraph.heading}。")
        if not paragraphs:
            body(document, empty)
    document.add_heading("来源", level=1)
    for source in draft.sources:
        body(document, source.text, indent=False, bold_lead=f"{source.number}. ")
    return to_bytes(document)
