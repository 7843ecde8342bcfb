"""Every Word file is laid out as a 公文 (GB/T 9704): read back with python-docx."""

import io
import re

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tests.summary_data import build_scenario

pytestmark = pytest.mark.django_db
WORD_FILES = ["/summaries/status.docx", "/summaries/draft.docx"]


@pytest.fixture(params=WORD_FILES)
def doc(request, client):
    scenario = build_scenario()
    client.force_login(scenario.viewer)
    response = client.get(request.param, {"report": scenario.report.pk})
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def mm(length) -> float:
    return round(length / Mm(1), 1)


def test_a4_with_the_official_margins(doc):
    for section in doc.sections:
        turned = section.orientation == WD_ORIENT.LANDSCAPE
        size = (mm(section.page_width), mm(section.page_height))
        margins = [mm(m) for m in (section.top_margin, section.bottom_margin)]
        sides = [mm(m) for m in (section.left_margin, section.right_margin)]
        if turned:  # a wide table's page: the same 156 × 225 mm text block, turned
            assert size == (297, 210)
            assert sorted(margins + sides) == [26, 28, 35, 37]
            assert 297 - sum(sides) == 225 and 210 - sum(margins) == 156
        else:
            assert size == (210, 297)
            assert margins == [37, 35] and sides == [28, 26]


def east_asia(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_body_is_fangsong_sanhao_on_a_fixed_28_point_line(doc):
    normal = doc.styles["Normal"]
    assert east_asia(normal) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)  # 三号
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing == Pt(28)
    body = [p for p in doc.paragraphs if p.style.name == "Normal" and len(p.text) > 20]
    assert body and all(p.paragraph_format.first_line_indent in (Pt(32), None) for p in body)


def test_title_is_xiaobiaosong_erhao_falling_back_to_heiti(doc):
    title = doc.styles["Title"]
    assert east_asia(title) == "方正小标宋简体" and title.font.size == Pt(22)  # 二号
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    (part,) = [p for p in doc.part.package.parts if p.partname == "/word/fontTable.xml"]
    fonts = {}
    for font in parse_xml(part.blob).findall(qn("w:font")):
        alt = font.find(qn("w:altName"))
        fonts[font.get(qn("w:name"))] = alt.get(qn("w:val")) if alt is not None else None
    assert fonts["方正小标宋简体"] == "黑体"
    assert fonts["仿宋_GB2312"] == "仿宋"
    assert fonts["楷体_GB2312"] == "楷体"


def test_headings_in_heiti_and_kaiti(doc):
    assert east_asia(doc.styles["Heading 1"]) == "黑体"
    assert east_asia(doc.styles["Heading 2"]) == "楷体_GB2312"
    for name in ("Heading 1", "Heading 2"):
        assert doc.styles[name].font.size == Pt(16)
        assert not doc.styles[name].font.bold


def footer_text_and_field(footer) -> tuple[str, list[str], object]:
    (paragraph,) = footer.paragraphs
    element = paragraph._p
    shown = "".join(t.text for t in element.iter(qn("w:t")))
    fields = [t.text.strip() for t in element.iter(qn("w:instrText"))]
    return shown, fields, paragraph


def test_page_numbers_are_a_page_field_between_dashes_odd_right_even_left(doc):
    assert doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections:
        odd, fields, paragraph = footer_text_and_field(section.footer)
        assert odd == "— 1 —" and fields == ["PAGE"]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert paragraph.paragraph_format.right_indent == Pt(14)  # one character of 四号
        even, fields, paragraph = footer_text_and_field(section.even_page_footer)
        assert even == "— 1 —" and fields == ["PAGE"]
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.runs[0]
        assert run.font.size == Pt(14)
        assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
        # 7 mm below the text block, whatever the section's bottom margin.
        assert mm(section.bottom_margin) - mm(section.footer_distance) == 13


def test_the_issuer_and_the_date_sit_at_the_right(doc):
    right = [p.text for p in doc.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT]
    assert len(right) == 2 and right[0].startswith("测试区人民政府")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", right[1])
