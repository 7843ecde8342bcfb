"""Build the office-format sample reports (tests/import_reports_office/) from their sources.

Run: python scripts/build_office_reports.py [NAME ...]
Needs LibreOffice (`soffice`) and Chromium for the PDFs; the outputs are
committed, so the tests need neither.

Each `src/NAME.txt` holds a report as its author wrote it, one paragraph a
line, then `===` and the expected parse written by hand:

    format: pdf-soffice | pdf-chromium | html | html-br | docx | docx-table
    title: … / issuer: … / year: … / signed: … / unplaced: … (repeatable)
    M|marker|title|from|to|parent      a measure (parent: number of its heading)
    S|marker|title|from|to             a shortfall
    C|marker|title|from|to|shortfall   a cause (shortfall: number, or empty)
    T|marker|title|from|to             a task

An item's text is the slice of the document's text from the first `from`
(after the previous item) to the end of the next `to`; the document's text is
its paragraphs joined by blank lines (by single line breaks for `html-br`),
which is what a reader of the format must give back. NAME.json is written
from these annotations, never from the parser.
"""

import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "tests/import_reports_office"
KINDS = {"M": "measures", "S": "shortfalls", "C": "causes", "T": "tasks"}


def parse_source(path: Path) -> tuple[list[str], dict, list[str]]:
    body, _, expected = path.read_text(encoding="utf-8").partition("\n===\n")
    paragraphs = [line.rstrip() for line in body.splitlines() if line.strip()]
    meta: dict = {"unplaced": []}
    items: list[str] = []
    for line in expected.splitlines():
        if not line.strip():
            continue
        if line[:2] in ("M|", "S|", "C|", "T|"):
            items.append(line)
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if key == "unplaced":
            meta["unplaced"].append(value)
        else:
            meta[key.strip()] = value
    return paragraphs, meta, items


def document_text(paragraphs: list[str], fmt: str) -> str:
    return ("\n" if fmt == "html-br" else "\n\n").join(paragraphs)


def expected_json(text: str, meta: dict, items: list[str]) -> dict:
    result = {
        "title": meta["title"],
        "issuer": meta["issuer"],
        "year": int(meta["year"]),
        "signed": meta.get("signed") or None,
        "measures": [],
        "shortfalls": [],
        "causes": [],
        "tasks": [],
        "unplaced": meta["unplaced"],
    }
    cursor = 0
    for line in items:
        kind, marker, title, first, last, *extra = line.split("|")
        start = text.index(first, cursor)
        end = text.index(last, start) + len(last)
        cursor = start + 1
        before = text[:start].rstrip(" \u3000")
        assert before.endswith(marker), (line, before[-20:])
        entries = result[KINDS[kind]]
        entry = {
            "number": len(entries) + 1,
            "marker": marker,
            "title": title,
            "text": text[start:end],
        }
        link = int(extra[0]) if extra and extra[0] else None
        if kind == "M":
            entry["parent"] = link
        if kind == "C":
            entry["shortfall"] = link
        assert entry["text"].startswith(title), line
        entries.append(entry)
    return result


def build(name: str) -> None:
    paragraphs, meta, items = parse_source(FOLDER / "src" / f"{name}.txt")
    fmt = meta["format"]
    text = document_text(paragraphs, fmt)
    out = FOLDER / f"{name}.json"
    out.write_text(
        json.dumps(expected_json(text, meta, items), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    if fmt.startswith("html"):
        (FOLDER / f"{name}.html").write_text(web_page(paragraphs, meta, fmt), encoding="utf-8")
    elif fmt.startswith("docx"):
        (FOLDER / f"{name}.docx").write_bytes(word(paragraphs, meta, table=fmt == "docx-table"))
    elif fmt == "pdf-soffice":
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / f"{name}.docx"
            source.write_bytes(word(paragraphs, meta, indent=True))
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                check=True,
                capture_output=True,
            )
            shutil.copy(Path(tmp) / f"{name}.pdf", FOLDER / f"{name}.pdf")
    elif fmt == "pdf-chromium":
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / f"{name}.html"
            page.write_text(print_page(paragraphs, meta), encoding="utf-8")
            pdf = Path(tmp) / f"{name}.pdf"
            subprocess.run(
                [
                    "chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    f"--print-to-pdf={pdf}",
                    page.as_uri(),
                ],
                check=True,
                capture_output=True,
            )
            shutil.copy(pdf, FOLDER / f"{name}.pdf")
    else:
        raise SystemExit(f"{name}: unknown format {fmt}")


def word(paragraphs: list[str], meta: dict, *, indent: bool = False, table: bool = False) -> bytes:
    """A Word file as offices make them: 公文 margins, a running header, "— n —" footers."""
    import io

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = Pt(28)
    if meta.get("running_header"):
        section.header.paragraphs[0].text = meta["running_header"]
        section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if meta.get("page_number"):
        left, right = meta["page_number"].split("n")
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(left)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        field.append(run)
        footer._p.append(field)
        footer.add_run(right)
    head = int(meta.get("head_lines", "1"))
    tail = int(meta.get("tail_lines", "0"))
    cell = None
    for pos, line in enumerate(paragraphs):
        in_body = head <= pos < len(paragraphs) - tail
        if table and in_body:
            if cell is None:
                cell = document.add_table(rows=1, cols=1).cell(0, 0)
                target = cell.paragraphs[0]
            else:
                target = cell.add_paragraph()
            target.text = line
            continue
        paragraph = document.add_paragraph(line)
        if pos < head:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif not in_body:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif indent:
            paragraph.paragraph_format.first_line_indent = Pt(32)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def web_page(paragraphs: list[str], meta: dict, fmt: str) -> str:
    """A government site's article page, saved from the browser, furniture and all."""
    head = int(meta.get("head_lines", "1"))
    title = html.escape(" ".join(paragraphs[:head]))
    if fmt == "html-br":
        body = "<br>\n".join(_entities(p) for p in paragraphs[head:])
        body = f'<div class="TRS_Editor">{body}</div>'
    else:
        body = "\n".join(f"<p>{_entities(p)}</p>" for p in paragraphs[head:])
    site = html.escape(meta.get("site", "人民政府门户网站"))
    source = html.escape(meta.get("source", ""))
    published = html.escape(meta.get("published", ""))
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{title}_{site}</title>
<meta name="ArticleTitle" content="{title}">
<style>body{{font-family:sans-serif}} .nav li{{display:inline}}</style>
<script>var _hmt = _hmt || []; document.write("<span>统计代码</span>");</script>
</head><body>
<div class="top"><a href="/">{site}</a> <span>无障碍浏览</span> <span>长者模式</span> <a href="#">登录</a></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="#">政务公开</a></li><li><a href="#">政务服务</a></li><li><a href="#">互动交流</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="#">政务公开</a> &gt; <a href="#">法治政府建设</a></div>
<table class="meta"><tr><td>索引号：</td><td>{html.escape(meta.get("index", "000000000/2024-00012"))}</td><td>发布机构：</td><td>{source}</td></tr>
<tr><td>发文日期：</td><td>{published}</td><td>主题分类：</td><td>政务公开</td></tr></table>
<h1 class="title">{title}</h1>
<div class="info">发布时间：{published} 来源：{source} 浏览次数：<span id="hits">1024</span> 字号：【<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】</div>
<div class="article">
{body}
</div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="pages"><p>上一篇：<a href="#">关于开展2024年度“八五”普法中期评估的通知</a></p><p>下一篇：<a href="#">{site}2023年政府信息公开工作年度报告</a></p></div>
<div class="footer"><p>主办单位：{site.replace("门户网站", "办公室")} 技术支持：信息中心</p><p>网站标识码：1234000001 备案号：ICP备05001234号</p></div>
<script>document.getElementById("hits").innerText = "1025";</script>
</body></html>
"""


def _entities(text: str) -> str:
    """As content systems write it: &nbsp; and curly quotes as entities."""
    text = html.escape(text, quote=False)
    return text.replace("“", "&ldquo;").replace("”", "&rdquo;")


def print_page(paragraphs: list[str], meta: dict) -> str:
    """A plain page in the 公文 look, printed to PDF by Chromium with its headers."""
    head = int(meta.get("head_lines", "1"))
    tail = int(meta.get("tail_lines", "0"))
    rows = []
    for pos, line in enumerate(paragraphs):
        if pos < head:
            rows.append(f'<p class="t">{html.escape(line)}</p>')
        elif pos >= len(paragraphs) - tail:
            rows.append(f'<p class="s">{html.escape(line)}</p>')
        else:
            rows.append(f"<p>{html.escape(line)}</p>")
    title = html.escape("".join(paragraphs[:head]))
    return f"""<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"Noto Serif CJK SC",serif;font-size:16pt;line-height:28pt;margin:0 1cm}}
p{{margin:0;text-indent:2em}} p.t{{text-align:center;text-indent:0;font-size:20pt;margin:1em 0}}
p.s{{text-align:right;text-indent:0}}</style></head><body>
{chr(10).join(rows)}
</body></html>
"""


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.stem for p in (FOLDER / "src").glob("*.txt"))
    for name in names:
        build(name)
        print("built", name)
