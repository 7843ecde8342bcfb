"""read_report / read_report_file: encodings, Word files and refused input."""

import random
from pathlib import Path

import pytest

from tests.import_support import SAMPLES
from tracker.importer import ReportImportError, read_report, read_report_file
from tracker.importer.readers import UNKNOWN_ENCODING
from tracker.importer.writers import report_docx
from tracker.seed import seed_report_text as seed_text

REPORT = "二、存在的问题\n一是执法力量不足。\n三、下一步工作打算\n一是加强执法队伍。"


def test_it_reads_utf8():
    assert read_report(REPORT.encode("utf-8"), "report.txt") == REPORT


def test_it_drops_a_utf8_byte_order_mark():
    assert read_report(b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "report.txt") == REPORT


def test_it_reads_gb18030():
    utf8 = (SAMPLES / "104_qingshi.txt").read_bytes().decode("gb18030")
    assert read_report((SAMPLES / "104_qingshi.txt").read_bytes(), "104.txt") == utf8
    with pytest.raises(UnicodeDecodeError):
        (SAMPLES / "104_qingshi.txt").read_bytes().decode("utf-8")


def test_it_reads_the_whole_seed_in_gb18030():
    seed = seed_text()
    assert read_report(seed.encode("gb18030"), "seed.txt") == seed


def test_it_reads_word_paragraphs_joined_by_blank_lines():
    text = (SAMPLES / "105_donghu.docx.txt").read_text(encoding="utf-8")
    assert read_report(report_docx(text), "report.docx") == text


def test_it_recognises_a_word_file_by_its_content():
    text = REPORT.replace("\n", "\n\n")
    assert read_report(report_docx(text), "upload") == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\u3000\u3000\n".encode()])
def test_empty_files_are_refused(data):
    with pytest.raises(ReportImportError, match=r"^文件为空。$"):
        read_report(data, "report.txt")


def test_random_bytes_are_refused():
    junk = random.Random(0).randbytes(4096)
    with pytest.raises(ReportImportError) as error:
        read_report(junk, "report.txt")
    assert str(error.value) == UNKNOWN_ENCODING


def test_a_png_is_refused_as_an_image():
    png = b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(200)
    with pytest.raises(ReportImportError, match="图片"):
        read_report(png, "report.txt")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused(encoding):
    with pytest.raises(ReportImportError) as error:
        read_report(seed_text()[:3000].encode(encoding), "report.txt")
    assert str(error.value) == UNKNOWN_ENCODING


def test_shift_jis_is_refused():
    japanese = (
        "令和三年度の法治政府建設の状況について報告します。行政手続の適正化を進めました。" * 20
    )
    with pytest.raises(ReportImportError) as error:
        read_report(japanese.encode("shift_jis"), "report.txt")
    assert str(error.value) == UNKNOWN_ENCODING


def test_chinese_saved_as_shift_jis_is_refused():
    data = seed_text()[:3000].encode("shift_jis", errors="ignore")
    with pytest.raises(ReportImportError) as error:
        read_report(data, "report.txt")
    assert str(error.value) == UNKNOWN_ENCODING


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(ReportImportError, match=r"^文件过大\(超过 5 MB\)。$"):
        read_report(b"a" * (5 * 1024 * 1024 + 1), "report.txt")


def test_the_limit_is_a_parameter():
    with pytest.raises(ReportImportError, match="文件过大"):
        read_report(REPORT.encode(), "report.txt", max_bytes=10)


def test_a_20_mb_file_is_refused_after_reading_just_past_the_limit(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    reads: list[int] = []
    real_open = Path.open

    def counting_open(self, *args, **kwargs):
        handle = real_open(self, *args, **kwargs)
        real_read = handle.read

        def read(size=-1):
            data = real_read(size)
            reads.append(len(data))
            return data

        handle.read = read
        return handle

    monkeypatch.setattr(Path, "open", counting_open)
    with pytest.raises(ReportImportError, match="文件过大"):
        read_report_file(path)
    assert sum(reads) == 5 * 1024 * 1024 + 1


def test_a_missing_file_is_reported_in_chinese(tmp_path):
    with pytest.raises(ReportImportError, match=r"无法读取文件“nope\.txt”"):
        read_report_file(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "旧版 Word"),
        ("report.pdf", b"%PDF-1.7\n", "PDF"),
        ("report.txt", b"%PDF-1.7\n" + b"\0" * 50, "PDF"),
        ("report.docx", b"PK\x03\x04 not really a zip", "无法读取 Word 文件"),
        ("report.docx", random.Random(2).randbytes(300), "无法读取 Word 文件"),
    ],
)
def test_unsupported_or_broken_files_are_refused_with_a_reason(name, data, message):
    with pytest.raises(ReportImportError, match=message):
        read_report(data, name)


def test_traditional_chinese_in_utf8_is_accepted():
    text = "二、存在的問題\n一是執法隊伍專業化水平還不夠高,這些問題需要認真對待和解決。" * 5
    assert read_report(text.encode("utf-8"), "report.txt") == text
