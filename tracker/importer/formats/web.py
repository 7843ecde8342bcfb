"""A web page as saved from the browser (.html, .htm, .mhtml): its visible text.

Government sites post the report as an article page: navigation, breadcrumbs,
a table of metadata (索引号, 发布机构), share and print links, "上一篇/下一篇",
and a footer surround it. What the browser would not show (scripts, styles,
the head) is dropped here, and so are the page's structural furniture
(<nav>, <header>, <footer>, <aside>, forms, and blocks whose class or id names
navigation, breadcrumbs, sharing or the footer); line-level furniture is left
to the parser's own list (frontmatter.py), which serves pasted pages as well.

Blocks (<p>, <div>, headings, list items, table rows) become paragraphs joined
by blank lines; `<br>` is a single line break; cells of a row are joined by a
space; entities are decoded; runs of ASCII white space collapse as a browser
shows them, while the full-width and no-break spaces a report is indented
with are kept.
"""

import email
import re
from email import policy
from html.parser import HTMLParser

from .. import messages
from ..errors import ReportImportError
from .limits import TextBudget

_INVISIBLE = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "iframe",
    "object",
    "svg",
    "canvas",
    "select",
    "option",
    "button",
    "textarea",
    "form",
    "map",
}
_FURNITURE_TAGS = {"nav", "header", "footer", "aside", "menu"}
# Class or id words of page furniture, as site templates name it (拼音 included:
# dqwz 当前位置, fenxiang 分享, dayin 打印).
_FURNITURE_WORDS = {
    "nav",
    "navbar",
    "menu",
    "crumb",
    "crumbs",
    "breadcrumb",
    "breadcrumbs",
    "position",
    "location",
    "dqwz",
    "footer",
    "foot",
    "share",
    "fenxiang",
    "bshare",
    "print",
    "dayin",
    "toolbar",
    "sidebar",
    "related",
    "copyright",
    "banner",
    "search",
    "login",
    "topbar",
    "skip",
    "qrcode",
    "ewm",
    "prev",
    "next",
    "prevnext",
    "pager",
}
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "tbody",
    "thead",
    "blockquote",
    "pre",
    "center",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
}
_CELLS = {"td", "th"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr", "source"}
_ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
_WORDS = re.compile(r"[a-z]+", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


def is_web_page(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()
    )


def is_mhtml(data: bytes) -> bool:
    head = data[:2048].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def read_mhtml(data: bytes) -> str:
    """ "Save as single file": the page is the first text/html part of a MIME message."""
    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            return read_html(payload, part.get_content_charset())
    raise ReportImportError(messages.BAD_WEB_PAGE)


def read_html(data: bytes, charset: str | None = None) -> str:
    """The visible text of a page, paragraphs joined by blank lines."""
    page = _PageText()
    page.feed(_decode(data, charset))
    page.close()
    return page.text()


def _decode(data: bytes, charset: str | None) -> str:
    """The page's own charset (BOM, then <meta>), else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:4096])
    for name in (charset, declared.group(1).decode("ascii") if declared else None):
        if not name:
            continue
        name = "gb18030" if name.lower() in ("gb2312", "gbk", "x-gbk") else name
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _is_furniture(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag in _FURNITURE_TAGS:
        return True
    for name, value in attrs:
        if name in ("class", "id") and value:
            words = {word.lower() for word in _WORDS.findall(value)}
            if words & _FURNITURE_WORDS:
                return True
        if name == "hidden" or (name == "style" and value and _hides(value)):
            return True
        if name == "aria-hidden" and value == "true":
            return True
    return False


def _hides(style: str) -> bool:
    compact = style.replace(" ", "").lower()
    return "display:none" in compact or "visibility:hidden" in compact


class _PageText(HTMLParser):
    """Collects visible text by block; skips invisible elements and furniture."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.skip_stack: list[str] = []  # open elements being skipped, outermost first
        self.budget = TextBudget()

    def handle_starttag(self, tag, attrs):
        if self.skip_stack:
            if tag not in _VOID:
                self.skip_stack.append(tag)
            return
        if tag in _INVISIBLE or _is_furniture(tag, attrs):
            if tag not in _VOID:
                self.skip_stack.append(tag)
            return
        if tag == "br":
            self.line.append("\n")
        elif tag in _BLOCKS:
            self.flush()
        elif tag in _CELLS:
            self.line.append(" ")

    def handle_startendtag(self, tag, attrs):
        if not self.skip_stack and tag == "br":
            self.line.append("\n")
        elif not self.skip_stack and tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if self.skip_stack:
            # Close up to the matching open element: pages leave tags unclosed.
            if tag in self.skip_stack:
                while self.skip_stack.pop() != tag:
                    pass
            return
        if tag in _BLOCKS:
            self.flush()
        elif tag in _CELLS:
            self.line.append(" ")

    def handle_data(self, data):
        if not self.skip_stack:
            self.budget.spend(len(data))
            # White space in the markup is a space; only <br> breaks a line.
            self.line.append(_ASCII_SPACE.sub(" ", data))

    def flush(self) -> None:
        if not self.line:
            return
        text = "".join(self.line)
        self.line = []
        lines = [re.sub(" {2,}", " ", line).strip(" ") for line in text.split("\n")]
        block = "\n".join(line for line in lines if line.strip())
        if block:
            self.blocks.append(block)

    def text(self) -> str:
        self.flush()
        return "\n\n".join(self.blocks)
