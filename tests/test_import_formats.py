"""Reading the formats offices hold reports in: PDF, saved web pages, Word with tables."""

import io
import zipfile

import pytest

from tests import bombs
from tracker.importer import ReportImportError, read_report
from tracker.importer.formats.layout import TextLine, paragraphs_of
from tracker.importer.messages import BAD_DOCX, PDF_SCANNED, SPREADSHEET
from tracker.importer.writers import report_docx

# --- PDF: paragraphs from lines -------------------------------------------------------

SIZE = 16.0


def line(text, x0, x1, y, page=1):
    return TextLine(text, x0, x1, y, y + SIZE, page)


def body(text, y, *, page=1, indent=False, end=540.0):
    return line(text, 90.0 + (32.0 if indent else 0.0), end, y, page)


def test_wrapped_lines_join_and_an_indented_line_opens_a_paragraph():
    pages = [
        [
            body("一、主要举措和成效", 700, indent=True, end=260),
            body("（一）健全依法决策机制。制定重大行政决策程", 672, indent=True),
            body("序规定，审查文件146件。", 644, end=300),
            body("（二）规范执法。评查案卷412卷。", 616, indent=True, end=380),
        ]
    ]
    assert paragraphs_of(pages) == [
        "一、主要举措和成效",
        "（一）健全依法决策机制。制定重大行政决策程序规定，审查文件146件。",
        "（二）规范执法。评查案卷412卷。",
    ]


def test_a_paragraph_runs_on_across_a_page_break_without_its_running_header_and_number():
    pages = [
        [
            line("云岭县人民政府文件", 230, 370, 800),
            body("（四）加强督察。对督察发现的问题建立整改", 672, indent=True),
            body("台账，实行销号管理，督察结果作为领导班子", 644),
            line("— 1 —", 280, 320, 40),
        ],
        [
            line("云岭县人民政府文件", 230, 370, 800, page=2),
            body("考核的重要内容。", 700, page=2, end=220),
            line("— 2 —", 280, 320, 40, page=2),
        ],
    ]
    assert paragraphs_of(pages) == [
        "（四）加强督察。对督察发现的问题建立整改台账，实行销号管理，督察结果作为领导班子考核的重要内容。"
    ]


@pytest.mark.parametrize("number", ["- 3 -", "— 3 —", "第3页", "第 3 页 共 5 页", "3/5", "3"])
def test_page_numbers_at_the_foot_are_dropped(number):
    pages = [[body("正文一段。", 700, indent=True, end=200), line(number, 280, 320, 40)]]
    assert paragraphs_of(pages) == ["正文一段。"]


def test_a_title_repeated_as_running_header_stays_once_on_the_first_page():
    title = "青岚县2023年法治政府建设工作情况报告"
    pages = [
        [
            line(title, 200, 400, 800),
            line(title, 150, 450, 740),
            body("正文第一段，写到右边距为止的一整行文字。", 700, indent=True),
            body("下一行。", 672, end=150),
        ],
        [
            line(title, 200, 400, 800, page=2),
            body("下一页正文，也是写到右边距为止的一整行。", 700, page=2, indent=True),
            body("完。", 672, page=2, end=130),
        ],
    ]
    assert paragraphs_of(pages) == [
        title,
        "正文第一段，写到右边距为止的一整行文字。下一行。",
        "下一页正文，也是写到右边距为止的一整行。完。",
    ]


def test_centred_title_lines_and_right_set_signature_are_paragraphs_of_their_own():
    pages = [
        [
            line("白石市人民政府", 236, 376, 760),
            line("关于2023年法治政府建设情况的报告", 144, 468, 730),
            body("正文一段，写满了一整行的文字，一直写到右边", 690, indent=True),
            body("距。", 662, end=130),
            line("白石市人民政府", 400, 540, 600),
            line("2024年3月1日", 420, 540, 572),
        ]
    ]
    assert paragraphs_of(pages) == [
        "白石市人民政府",
        "关于2023年法治政府建设情况的报告",
        "正文一段，写满了一整行的文字，一直写到右边距。",
        "白石市人民政府",
        "2024年3月1日",
    ]


def test_a_pdf_text_layer_is_read():
    pdf = bombs.text_pdf(["Report of Yunling County", "Second line of text here."])
    assert "Report of Yunling County" in read_report(pdf, "report.pdf")


def test_a_pdf_is_known_by_its_content_whatever_its_name():
    pdf = bombs.text_pdf(["Report of Yunling County"] * 3)
    assert read_report(pdf, "upload") == read_report(pdf, "report.pdf")


def test_a_scan_gets_a_message_saying_so():
    with pytest.raises(ReportImportError) as error:
        read_report(bombs.scanned_pdf(), "scan.pdf")
    assert str(error.value) == PDF_SCANNED


@pytest.mark.parametrize(
    "data", [b"%PDF-1.7\n", b"%PDF-1.4\n" + b"\x00" * 300, b"%PDF-1.4 garbage"]
)
def test_a_broken_pdf_is_refused_with_a_reason(data):
    with pytest.raises(ReportImportError, match="PDF"):
        read_report(data, "report.pdf")


def test_radicals_some_fonts_map_glyphs_to_read_as_the_ideographs():
    from tracker.importer.formats.pdf import _character

    assert _character("⽩⽯市⼈⺠政府⻅⻓⻔ﬁ") == "白石市人民政府见长门fi"


# --- Web pages ---------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>报告_县政府网</title>
<script>var x = "一、不是正文";</script><style>p{color:red}</style></head><body>
<nav><a href="/">首页</a><a>政务公开</a></nav>
<div class="crumb">当前位置：<a>首页</a> &gt; <a>法治政府</a></div>
<table class="meta"><tr><td>索引号：</td><td>001/2024</td><td>发布机构：</td><td>县司法局</td></tr></table>
<h1>云岭县人民政府关于2023年度法治政府建设情况的报告</h1>
<div class="article"><p>&#12288;&#12288;一、主要举措和成效</p>
<p>　　（一）健全&ldquo;三项制度&rdquo;。<span>全年</span>审查文件
146件。</p><p style="display:none">隐藏的文字</p>
<div>　　第一段<br>　　第二段&nbsp;结束</div></div>
<div class="share">分享到：微信</div>
<div id="footer"><p>主办单位：县政府办公室</p></div>
</body></html>"""


def test_a_saved_page_keeps_only_the_visible_article_text():
    text = read_report(PAGE.encode("gb18030"), "report.html")
    assert text == (
        "索引号： 001/2024 发布机构： 县司法局\n\n"
        "云岭县人民政府关于2023年度法治政府建设情况的报告\n\n"
        "　　一、主要举措和成效\n\n"
        "　　（一）健全“三项制度”。全年审查文件 146件。\n\n"
        "　　第一段\n　　第二段\u00a0结束"
    )


def test_a_page_is_known_by_its_content_and_in_utf8_too():
    assert read_report(PAGE.replace("gb2312", "utf-8").encode(), "upload").startswith("索引号")


def test_a_page_saved_as_a_single_file_is_read():
    mhtml = (
        "From: <Saved by Blink>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="B"\r\n\r\n--B\r\n'
        "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "<html><body><p>=E6=8A=A5=E5=91=8A</p></body></html>\r\n--B--\r\n"
    )
    assert read_report(mhtml.encode(), "report.mhtml") == "报告"


# --- Word --------------------------------------------------------------------------------


def _docx_with_table(cells: list[str]) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("标题在表格外")
    table = document.add_table(rows=1, cols=len(cells))
    for cell, text in zip(table.rows[0].cells, cells, strict=True):
        cell.paragraphs[0].text = text
    document.add_paragraph("落款在表格外")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_text_in_tables_is_read_in_document_order():
    data = _docx_with_table(["一、主要举措", "（一）健全机制。"])
    assert (
        read_report(data, "report.docx")
        == "标题在表格外\n\n一、主要举措\n\n（一）健全机制。\n\n落款在表格外"
    )


def test_word_reads_as_before_for_plain_paragraphs():
    text = "第一段\n\n　　第二段\t有制表符"
    assert read_report(report_docx(text), "report.docx") == text


def test_an_excel_file_is_refused_as_a_spreadsheet():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReportImportError) as error:
        read_report(buffer.getvalue(), "ledger.xlsx")
    assert str(error.value) == SPREADSHEET


def test_a_word_part_declaring_entities_is_refused():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", evil)
    with pytest.raises(ReportImportError) as error:
        read_report(buffer.getvalue(), "report.docx")
    assert str(error.value) == BAD_DOCX


def test_line_ends_are_one_newline_whatever_the_file_used():
    assert read_report("一、甲\r\n二、乙\r三、丙".encode(), "r.txt") == "一、甲\n二、乙\n三、丙"


def test_a_line_broken_before_a_number_that_did_not_fit_runs_on():
    pages = [
        [
            body("（三）深化法治教育。中小学法治副校长配备率达到", 700, indent=True, end=492),
            body("100%，组织活动覆盖学生3.6万人次。", 672, end=380),
        ]
    ]
    assert paragraphs_of(pages) == [
        "（三）深化法治教育。中小学法治副校长配备率达到100%，组织活动覆盖学生3.6万人次。"
    ]
