"""The English interface, the Chinese one, and the catalogs behind them (docs/I18N.md).

The catalogs are read with Babel and compiled here, from the .po files as they
are, into a temporary LOCALE_PATHS: the tests never depend on a stale or
missing .mo.
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from tests import bombs
from tests.import_support import SAMPLES
from tracker import i18n_extra
from tracker.importer import messages as importer_messages
from tracker.models import Indicator, Item, Kind, Report, Status, Unit

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]")
LANGUAGES = ("en", "zh_Hans")


def po_path(language: str) -> Path:
    return ROOT / "locale" / language / "LC_MESSAGES" / "django.po"


def catalog(language: str) -> Catalog:
    """The .po file as Babel reads it (obsolete #~ entries apart); malformed files fail."""
    with po_path(language).open("rb") as po:
        return read_po(po, abort_invalid=True)


def translations(message: Message) -> tuple[str, ...]:
    """msgstr, or msgstr[0], msgstr[1] … of a plural entry."""
    return message.string if message.pluralizable else (message.string,)


@pytest.fixture(scope="session")
def compiled_locale(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("locale")
    for language in LANGUAGES:
        folder = out / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        with (folder / "django.mo").open("wb") as mo:
            write_mo(mo, catalog(language))  # leaves out fuzzy and untranslated entries
    return out


@pytest.fixture(autouse=True)
def _fresh_catalogs(settings, compiled_locale):
    settings.LOCALE_PATHS = [compiled_locale]


# --- The catalogs --------------------------------------------------------------------------


def test_every_english_msgid_has_a_translation_and_nothing_is_fuzzy():
    english = catalog("en")
    assert len(english) > 400
    assert not english.fuzzy  # the header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in po_path("en").read_text()
    assert [m.id for m in english if m.id and not all(translations(m))] == []
    assert [m.id for m in english if m.id and m.fuzzy] == []
    plurals = [m for m in english if m.pluralizable]
    assert plurals and all(len(m.string) == 2 for m in plurals)


def test_english_keeps_every_placeholder_and_uses_no_chinese_words():
    english = catalog("en")
    assert list(english.check()) == []  # Babel's own checks: python-format, plural count
    for message in list(english)[1:]:
        msgid = message.id[0] if message.pluralizable else message.id
        wanted = sorted(PLACEHOLDER.findall(msgid))
        for text in translations(message):
            assert sorted(PLACEHOLDER.findall(text)) == wanted, msgid
            # Chinese only where the English quotes the report's own numbering.
            assert not HAN.search(text.replace("“一是”", "").replace("“(二)”", "")), text


def test_the_chinese_catalog_has_no_fuzzy_entries_and_one_plural_form():
    chinese = catalog("zh_Hans")
    assert "Plural-Forms: nplurals=1; plural=0;" in po_path("zh_Hans").read_text()
    assert [m.id for m in chinese if m.fuzzy] == []
    assert all(len(translations(m)) == 1 for m in chinese)


def test_msgfmt_accepts_both_catalogs():
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed")
    for language in LANGUAGES:
        subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(po_path(language))],
            check=True,
            capture_output=True,
        )


def test_other_packages_strings_read_as_chinese_in_chinese():
    """Django, django-filter and django-axes strings our Chinese pages would show in English."""
    with translation.override("zh-hans"):
        for message in [*i18n_extra.DJANGO, *i18n_extra.DJANGO_FILTER, *i18n_extra.AXES]:
            assert HAN.search(translation.gettext(message)), message
        too_short = translation.ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            8,
        )
        assert too_short % 8 == "密码太短,至少需要 8 个字符。"
        # Django's own catalog already has these; they must stay Chinese too.
        for message in ("Unknown", "Yes", "No", "This field is required.", "Enter a valid date."):
            assert HAN.search(translation.gettext(message)), message


def test_no_template_has_chinese_outside_a_translate_tag():
    stripped = re.compile(
        r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}|\{%\s*translate\b.*?%\}|\{#.*?#\}",
        re.DOTALL,
    )
    found = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        if path.name == "500.html":
            continue  # static and bilingual: it must render when nothing else works
        for number, line in enumerate(stripped.sub("", path.read_text()).splitlines(), 1):
            if HAN.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


# --- Pages -----------------------------------------------------------------------------------


CHROME_TAGS = {"nav", "h1", "h2", "h3", "h4", "h5", "h6", "button", "th", "label", "legend", "dt"}
CHROME_ATTRS = ("aria-label", "placeholder", "title")


class Chrome(HTMLParser):
    """The interface's own words on a page: navigation, headings, buttons, table headers,
    labels, charts, and the aria-label, placeholder and title attributes; not inside the
    Chinese documents (<article lang="zh-CN">)."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.in_document = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article" and attrs.get("lang") == "zh-CN":
            self.in_document += 1
        if tag in ("svg", "figure"):
            self.open.append(tag)
        if not self.in_document:
            self.texts += [attrs[a] for a in CHROME_ATTRS if attrs.get(a)]
        if tag in CHROME_TAGS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag == "article" and self.in_document:
            self.in_document -= 1
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag)]

    def handle_data(self, data):
        if self.open and not self.in_document and data.strip():
            self.texts.append(data.strip())


def chrome(html: str) -> list[str]:
    parser = Chrome()
    parser.feed(html)
    return parser.texts


def data_strings() -> list[str]:
    """What the report and the people put in: titles, labels, markers, units, indicators,
    names. Not chrome: they stay as written in every language."""
    found = ["简体中文"]  # the language switch names each language in itself
    for item in Item.objects.select_related("parent"):
        found += [item.title, item.label, item.marker]
    for indicator in Indicator.objects.all():
        found += [indicator.name, indicator.unit_of_measure]
    for unit in Unit.objects.all():
        found += [unit.name, unit.short_name, str(unit)]
    for report in Report.objects.all():
        found += [report.title, report.issuer]
    for user in get_user_model().objects.all():
        found += [user.get_full_name(), user.username]
    return sorted({text for text in found if text}, key=len, reverse=True)


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# Names that stay as they are in Chinese: file formats, keys, the language switch.
LATIN_ALLOWED = {"CSV", "Excel", "Word", "Markdown", "PDF", "English", "Ctrl", "Mac"}


def chinese_words(text: str) -> bool:
    return bool(HAN.search(text))


def english_words(text: str) -> bool:
    return bool(set(LATIN_WORD.findall(text)) - LATIN_ALLOWED)


def foreign_chrome(html: str, foreign) -> list[str]:
    """The page's chrome, less the data's own strings, that `foreign` finds words in."""
    data = data_strings()
    left = []
    for text in chrome(html):
        for known in data:
            text = text.replace(known, "")
        if foreign(text):
            left.append(text)
    return left


def sign_in(client, username: str, *, english: bool):
    """Log in; English as tests/test_pages.py switches to it, else the default (Chinese)."""
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    if english:
        response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        assert response.status_code == 302
    return client


# name → (URL name, who looks, words on the English page, the same on the Chinese page)
PAGES = {
    "home": ("tracker:home", "coordinator", "Updates awaiting review", "待审核进展"),
    "item list": ("tracker:item-list", "coordinator", "Lead unit", "牵头单位"),
    "item page": (
        "tracker:item-detail",
        "coordinator",
        "Shortfall → cause → task chain",
        "问题—原因—任务链条",
    ),
    "report page": (
        "tracker:report-detail",
        "viewer",
        "II. Shortfalls and causes",
        "二、存在的不足和原因",
    ),
    "review queue": (
        "tracker:review-queue",
        "coordinator",
        "Updates awaiting review",
        "待审核进展",
    ),
    "dashboard": ("tracker:dashboard", "coordinator", "By lead unit", "各牵头单位"),
    "summary": ("tracker:summary", "coordinator", "Status summary", "整改落实情况汇总"),
    "import": (
        "tracker:import-start",
        "coordinator",
        "Import a rule-of-law government report",
        "导入法治政府建设情况报告",
    ),
}
# english → (<html lang>, navigation links, log-out button, words that must not be left)
LANGUAGE = {
    True: ("en", ["Home", "Items", "Reports", "Dashboard", "Status summary", "Review"], "Log out",
           chinese_words),
    False: ("zh-CN", ["首页", "事项", "报告", "仪表盘", "汇总报告", "审核"], "退出", english_words),
}  # fmt: skip


@pytest.mark.parametrize("english", [True, False], ids=["english-when-asked", "chinese-by-default"])
@pytest.mark.parametrize("name", PAGES)
def test_pages_speak_the_readers_language(client, demo, name, english):
    url_name, user, words_en, words_zh = PAGES[name]
    lang, nav, log_out, foreign = LANGUAGE[english]
    task = Item.objects.get(report=demo, kind=Kind.TASK, number=1)
    args = {"tracker:item-detail": [task.pk], "tracker:report-detail": [demo.pk]}.get(url_name)
    sign_in(client, user, english=english)
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert (words_en if english else words_zh) in html
    for link in nav if user == "coordinator" else nav[:5]:  # only coordinators review
        assert f">{link}</a>" in html, link
    assert f">{log_out}</button>" in html
    assert foreign_chrome(html, foreign) == []


def test_the_status_summary_stays_a_chinese_document_in_english(client, demo):
    sign_in(client, "coordinator", english=True)
    html = client.get(reverse("tracker:summary")).content.decode()
    document = html[html.index('<article class="summary-doc" lang="zh-CN">') :]
    assert "一、总体情况" in document and "二、存在的不足整改情况" in document
    # Status labels inside the document stay Chinese, in sentences and badges alike.
    assert "存在的不足" in document and "Shortfalls" not in document
    assert "推进中" in document and "In progress" not in document
    assert "is a Chinese government document" in html  # the page says why


def test_the_draft_stays_chinese_in_english(client, demo):
    sign_in(client, "coordinator", english=True)
    html = client.get(reverse("tracker:draft")).content.decode()
    assert "Draft of next year's report" in html
    document = html[html.index('<article class="summary-doc" lang="zh-CN">') :]
    assert "推进法治政府建设的主要举措和成效" in document and "状态推进中" in document
    assert "In progress" not in document


def test_the_ledger_stays_chinese_in_english(client, demo):
    sign_in(client, "coordinator", english=True)
    response = client.get(reverse("tracker:ledger-csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.startswith("序号,编号,类别,问题/任务")
    assert "推进中" in text and "In progress" not in text
    assert "存在的不足" in text and "Shortfalls" not in text


def test_dashboard_charts_follow_the_reader(client, demo):
    sign_in(client, "coordinator", english=True)
    html = client.get(reverse("tracker:dashboard")).content.decode()
    assert '<title id="chart-status-title">By status</title>' in html
    assert "In progress" in html and "Awaiting closure" in html
    sign_in(client, "coordinator", english=False)
    html = client.get(reverse("tracker:dashboard")).content.decode()
    assert '<title id="chart-status-title">按状态统计</title>' in html


# --- Messages ---------------------------------------------------------------------------------


def progress_form_errors(client, item) -> str:
    data = {"reported_on": "not-a-date", "text": "  ", "percent": "150"}
    data |= {"evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0"}
    response = client.post(reverse("tracker:update-create", args=[item.pk]), data)
    assert response.status_code == 200
    return response.content.decode()


def reporters_item(report) -> Item:
    """An open item led by the demo reporter's unit (区司法局)."""
    return (
        Item.objects.filter(report=report, lead_unit__memberships__user__username="reporter-sfj")
        .exclude(status=Status.CLOSED)
        .order_by("sequence")
        .first()
    )


def test_form_errors_are_english_in_english(client, demo):
    sign_in(client, "reporter-sfj", english=True)
    html = progress_form_errors(client, reporters_item(demo))
    assert "Enter a valid date." in html  # Django's own message
    assert "This field is required." in html
    assert "Ensure this value is less than or equal to 100." in html
    assert foreign_chrome(html, chinese_words) == []
    html = client.get(reverse("tracker:summary"), {"as_of": "2999-01-01"}).content.decode()
    assert "The “as of” date cannot be after today" in html


def test_form_errors_are_chinese_in_chinese(client, demo):
    sign_in(client, "reporter-sfj", english=False)
    html = progress_form_errors(client, reporters_item(demo))
    assert "输入一个有效的日期。" in html
    assert "这个字段是必填项。" in html
    html = client.get(reverse("tracker:item-list"), {"status": "bogus"}).content.decode()
    assert "选择一个有效的选项" in html


def import_sample(client, name: str):
    upload = SimpleUploadedFile(f"{name}.txt", (SAMPLES / f"{name}.txt").read_bytes())
    response = client.post(reverse("tracker:import-start"), {"file": upload})
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_importer_messages_follow_the_reader(client, demo):
    sign_in(client, "coordinator", english=True)
    html = import_sample(client, "106_xiling")
    assert "Next year&#x27;s tasks: Item 3 has a damaged number" in html
    pdf = SimpleUploadedFile("report.pdf", bombs.scanned_pdf())
    response = client.post(reverse("tracker:import-start"), {"file": pdf})
    assert "This PDF is a scan: it holds no text to read." in response.content.decode()

    sign_in(client, "coordinator", english=False)
    html = import_sample(client, "106_xiling")
    assert "下一年度安排:第3项的编号残缺,已按位置识别" in html


def test_importer_messages_stay_chinese_where_they_are_made():
    """The importer raises, stores and prints Chinese; only pages localize."""
    warning = importer_messages.say(
        importer_messages.IN_PART,
        part=importer_messages.PART_NAMES["shortfall"],
        warning=importer_messages.say(importer_messages.NUMBER_GAP, expected=3, marker="4."),
    )
    with translation.override("en"):
        assert warning == "存在的不足:编号不连续:应为第3项,原文为“4.”。"
        assert importer_messages.localize(warning) == (
            "Shortfalls: The numbering skips: item 3 was expected, the report has “4.”."
        )
        assert importer_messages.localize("一段不是消息的文字") == "一段不是消息的文字"
    with translation.override("zh-hans"):
        assert importer_messages.localize(warning) == warning


def test_urging_in_english_emails_the_unit_in_chinese(
    client, demo, django_capture_on_commit_callbacks
):
    sign_in(client, "coordinator", english=True)
    item = reporters_item(demo)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tracker:item-urge", args=[item.pk]),
            {"unit": item.lead_unit_id, "message": "Please report this week."},
            follow=True,
        )
    assert "Urged" in response.content.decode()
    assert mail.outbox, "the unit's reporters get an e-mail"
    message = mail.outbox[-1]
    assert message.subject.startswith("【催办】")
    assert "完成时限" in message.body and "Due date" not in message.body
