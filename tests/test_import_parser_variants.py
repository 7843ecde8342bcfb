"""parse_report on small synthetic reports: headings, numbering and metadata variants."""

from datetime import date

import pytest

from tracker.importer import parse_report
from tracker.importer.sections import CAUSE, LEADER, MEASURE, OTHER, SHORTFALL, TASK, classify


def report(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


BODY = (
    "二、存在的问题",
    "一是执法力量不足。基层执法人员偏少。",
    "三、下一步工作打算",
    "一是充实基层执法力量。年内新增执法人员20名。",
)


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("上一年度推进法治政府建设的主要举措和成效", MEASURE),
        ("2021年法治政府建设工作情况", MEASURE),
        ("主要做法及成效", MEASURE),
        ("党政主要负责人履行推进法治建设第一责任人职责情况", LEADER),
        ("存在的不足和原因", SHORTFALL),
        ("存在的问题", SHORTFALL),
        ("存在问题", SHORTFALL),
        ("不足之处", SHORTFALL),
        ("问题和不足", SHORTFALL),
        ("存在的问题及原因分析", SHORTFALL),
        ("存在问题的原因", CAUSE),
        ("产生问题的原因分析", CAUSE),
        ("下一年度推进法治政府建设的主要安排", TASK),
        ("下一步工作打算", TASK),
        ("下一年度工作计划", TASK),
        ("2022年工作安排", TASK),
        ("今后工作思路", TASK),
        ("其他需要报告的情况", OTHER),
        ("坚持党的领导", None),
    ],
)
def test_part_headings_are_classified_by_their_words(heading, kind):
    assert classify(heading, strict=False) == kind


def test_an_item_numbered_like_a_part_does_not_open_a_part():
    text = report(
        "一、存在的问题",
        "一是执法力量不足。",
        "二、下一步工作打算",
        "一、加强执法队伍建设,解决执法力量不足问题。",
        "二、完善考核机制。",
    )
    parsed = parse_report(text)
    assert [t.text for t in parsed.tasks] == [
        "加强执法队伍建设,解决执法力量不足问题。",
        "完善考核机制。",
    ]
    assert len(parsed.shortfalls) == 1


@pytest.mark.parametrize(
    ("marker", "line"),
    [
        ("1.", "1.充实基层执法力量。"),
        ("1、", "1、充实基层执法力量。"),
        ("１．", "１．充实基层执法力量。"),
        ("(一)", "(一)充实基层执法力量。"),
        ("(一)", "(一)充实基层执法力量。"),
        ("第一,", "第一,充实基层执法力量。"),
        ("一要", "一要充实基层执法力量。"),
        ("(1)", "(1)充实基层执法力量。"),
    ],
)
def test_numbering_styles(marker, line):
    parsed = parse_report(
        report("二、存在的问题", "一是执法力量不足。", "三、下一步工作打算", line)
    )
    assert [(t.marker, t.text) for t in parsed.tasks] == [(marker, "充实基层执法力量。")]


@pytest.mark.parametrize("space", ["\u3000\u3000", "\u00a0", "\t", "  ", "\u2002"])
def test_stray_spaces_are_trimmed_from_item_texts(space):
    text = report(
        f"{space}二、存在的问题{space}",
        f"{space}一是{space}执法力量不足。{space}",
        f"{space}二是基层人员偏少。{space}",
        "三、下一步工作打算",
        f"{space}一是充实力量。{space}",
    )
    parsed = parse_report(text)
    assert [s.text for s in parsed.shortfalls] == ["执法力量不足。", "基层人员偏少。"]
    assert parsed.tasks[0].text == "充实力量。"


def test_items_separated_by_semicolons_in_one_paragraph():
    parsed = parse_report(
        report(
            "二、存在的问题",
            "主要表现在:一是执法力量不足;二是考核机制不健全;三是普法形式单一。",
            "三、下一步工作打算",
            "一是充实力量。",
        )
    )
    assert [s.text for s in parsed.shortfalls] == [
        "执法力量不足;",
        "考核机制不健全;",
        "普法形式单一。",
    ]
    assert [s.title for s in parsed.shortfalls] == [
        "执法力量不足",
        "考核机制不健全",
        "普法形式单一",
    ]
    assert parsed.unplaced == []


def test_a_paragraph_before_the_first_item_that_is_not_a_lead_in_is_unplaced():
    parsed = parse_report(
        report("二、存在的问题", "我区工作仍有差距。", "一是执法力量不足。", *BODY[2:])
    )
    assert parsed.unplaced == ["我区工作仍有差距。"]


def test_year_from_the_opening_when_the_title_has_none():
    parsed = parse_report(report("清河县法治政府建设情况报告", "2021年,我县坚持依法行政。", *BODY))
    assert parsed.year == 2021


def test_year_from_the_signature_date_as_a_last_resort():
    parsed = parse_report(
        report("清河县法治政府建设情况报告", *BODY, "清河县人民政府", "2022年1月5日")
    )
    assert parsed.year == 2021
    assert any("推定" in warning for warning in parsed.warnings)


def test_issuer_from_the_source_line_when_there_is_no_signature():
    parsed = parse_report(
        report("来源:清河市司法局 发布时间:2022-03-01", "清河市2021年法治政府建设情况报告", *BODY)
    )
    assert parsed.issuer == "清河市司法局"
    assert parsed.published == date(2022, 3, 1)
    assert parsed.signed is None


def test_issuer_from_the_title_as_a_last_resort():
    parsed = parse_report(report("清河区人民政府关于2021年法治政府建设情况的报告", *BODY))
    assert parsed.issuer == "清河区人民政府"


def test_a_signature_without_a_date_is_not_part_of_the_last_task():
    parsed = parse_report(report("清河区2021年法治政府建设情况报告", *BODY, "清河区人民政府"))
    assert parsed.tasks[0].text == "充实基层执法力量。年内新增执法人员20名。"
    assert parsed.issuer == "清河区人民政府"


def test_attachments_after_the_signature_are_not_items():
    parsed = parse_report(
        report(
            "清河区2021年法治政府建设情况报告",
            *BODY,
            "清河区人民政府",
            "2022年1月5日",
            "附件:1.清河区法治政府建设考核表",
            "2.清河区重点任务清单",
        )
    )
    assert len(parsed.tasks) == 1
    assert parsed.signed == date(2022, 1, 5)


def test_a_published_date_before_the_signed_date_is_dropped_with_a_warning():
    parsed = parse_report(
        report(
            "发布时间:2021-12-01",
            "清河区2021年法治政府建设情况报告",
            *BODY,
            "清河区人民政府",
            "2022年1月5日",
        )
    )
    assert parsed.published is None
    assert any("发布日期早于成文日期" in warning for warning in parsed.warnings)


def test_page_furniture_is_never_an_item():
    parsed = parse_report(
        report(
            "当前位置:首页 > 政务公开 > 法治政府建设",
            "首页 > 政务公开",
            "索引号:123-456",
            "发文字号:X政〔2022〕1号",
            "主题分类:司法",
            "【字体:大 中 小】",
            "清河区2021年法治政府建设情况报告",
            *BODY,
            "【打印本页】【关闭窗口】",
        )
    )
    assert parsed.tasks[0].text == "充实基层执法力量。年内新增执法人员20名。"
    assert parsed.unplaced == []
