"""The report structures of the genre, each in a small report of its own."""

import pytest

from tracker.importer import parse_report

TITLE = "云岭县人民政府关于2023年度法治政府建设情况的报告"
MEASURES = "一、主要举措和成效\n（一）健全依法决策机制。全年审查文件146件。"
TASKS = "三、2024年度主要安排\n（一）规范重大行政决策。年内开展后评估2项。"
SIGNATURE = "云岭县人民政府\n2024年1月26日"


def report(*parts: str) -> dict:
    return parse_report("\n".join([TITLE, *parts, SIGNATURE])).to_json()


def causes(parsed: dict) -> list[tuple[str, str, int | None]]:
    return [(c["marker"], c["text"], c["shortfall"]) for c in parsed["causes"]]


SHORTFALLS = "二、存在的不足和原因\n一是决策程序执行不够严格。\n二是基层执法能力有短板。"


@pytest.mark.parametrize(
    "label", ["产生上述问题的原因主要是：", "究其原因，", "造成这些问题的原因，主要有："]
)
def test_causes_split_by_one_side_and_the_other_after_a_label(label):
    parsed = report(
        MEASURES,
        SHORTFALLS,
        f"{label}一方面，部分干部法治意识不强；另一方面，执法力量配备不足。",
        TASKS,
    )
    assert causes(parsed) == [
        ("一方面，", "部分干部法治意识不强；", None),
        ("另一方面，", "执法力量配备不足。", None),
    ]
    assert [s["text"] for s in parsed["shortfalls"]] == [
        "决策程序执行不够严格。",
        "基层执法能力有短板。",
    ]


def test_causes_numbered_inline_one_two_three():
    parsed = report(
        MEASURES,
        SHORTFALLS,
        "主要原因有：（1）培训不够系统；（2）执法保障不足；（3）考核不够有力。",
        TASKS,
    )
    assert causes(parsed) == [
        ("（1）", "培训不够系统；", None),
        ("（2）", "执法保障不足；", None),
        ("（3）", "考核不够有力。", None),
    ]


@pytest.mark.parametrize("label", ["究其原因，", "产生上述问题的原因主要是："])
def test_one_cause_in_prose_after_a_label_takes_the_label_as_its_marker(label):
    parsed = report(MEASURES, SHORTFALLS, f"{label}对法治建设重要性认识不足，保障不到位。", TASKS)
    assert causes(parsed) == [(label, "对法治建设重要性认识不足，保障不到位。", None)]
    assert parsed["shortfalls"][1]["text"] == "基层执法能力有短板。"


def test_unnumbered_cause_paragraphs_under_a_label_line():
    parsed = report(
        MEASURES,
        SHORTFALLS,
        "产生上述问题的原因主要是：\n对法治建设的长期性认识不够。\n监督问责不够有力。",
        TASKS,
    )
    assert causes(parsed) == [
        ("", "对法治建设的长期性认识不够。", None),
        ("", "监督问责不够有力。", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "marker", "cause"),
    [
        ("究其原因，主要是培训流于形式。", "究其原因，", "主要是培训流于形式。"),
        ("这主要是由于基层编制紧张。", "", "这主要是由于基层编制紧张。"),
        ("原因分析：学法制度落实不到位。", "原因分析：", "学法制度落实不到位。"),
        ("其原因在于考核约束不够。", "", "其原因在于考核约束不够。"),
    ],
)
def test_a_cause_inside_its_shortfalls_paragraph_is_that_shortfalls(sentence, marker, cause):
    parsed = report(
        MEASURES,
        f"二、存在的不足\n（一）法治思维仍需加强。少数干部重效率轻程序。{sentence}\n（二）基层力量薄弱。",
        TASKS,
    )
    assert causes(parsed) == [(marker, cause, 1)]
    assert parsed["shortfalls"][0]["text"] == "法治思维仍需加强。少数干部重效率轻程序。"


def test_a_reason_inside_a_sentence_is_not_cut_off():
    parsed = report(MEASURES, "二、存在的不足\n（一）由于多种原因，工作推进缓慢。", TASKS)
    assert parsed["causes"] == []


def test_items_over_two_paragraphs():
    parsed = report(
        MEASURES,
        "二、存在的问题和不足\n1.决策法治化水平还需提高。听取意见不充分。\n比如，个别乡镇未开展风险评估。\n2.执法不规范。",
        "三、下一步工作计划\n（一）提升依法决策水平\n严格执行决策程序规定。",
    )
    assert parsed["shortfalls"][0]["text"] == (
        "决策法治化水平还需提高。听取意见不充分。\n比如，个别乡镇未开展风险评估。"
    )
    assert parsed["tasks"][0]["text"] == "提升依法决策水平\n严格执行决策程序规定。"


def test_circled_numbers_in_paragraphs_and_inline():
    parsed = report(
        MEASURES,
        "二、存在的困难和问题\n①发展不平衡。部分乡镇重视不够。\n②文件管理不规范。",
        "三、工作打算\n主要是：①加强统筹；②规范执法；③深化普法。",
    )
    assert [(s["marker"], s["text"]) for s in parsed["shortfalls"]] == [
        ("①", "发展不平衡。部分乡镇重视不够。"),
        ("②", "文件管理不规范。"),
    ]
    assert [(t["marker"], t["text"]) for t in parsed["tasks"]] == [
        ("①", "加强统筹；"),
        ("②", "规范执法；"),
        ("③", "深化普法。"),
    ]


@pytest.mark.parametrize(
    ("shortfall_heading", "task_heading"),
    [
        ("存在的问题和不足", "下一步工作计划"),
        ("存在的困难和问题", "2024年工作思路"),
        ("存在的问题", "下一步工作打算"),
    ],
)
def test_parts_titled_otherwise_and_in_another_order(shortfall_heading, task_heading):
    parsed = report(
        "一、2023年工作开展情况\n（一）健全机制。审查文件146件。",
        f"二、{task_heading}\n（一）规范重大行政决策。年内开展后评估2项。",
        f"三、{shortfall_heading}\n（一）决策程序执行不够严格。",
    )
    assert [t["text"] for t in parsed["tasks"]] == ["规范重大行政决策。年内开展后评估2项。"]
    assert [s["text"] for s in parsed["shortfalls"]] == ["决策程序执行不够严格。"]
    assert [m["text"] for m in parsed["measures"]] == ["健全机制。审查文件146件。"]


def test_part_two_nested_as_shortfalls_then_causes():
    parsed = report(
        MEASURES,
        "二、存在的不足和原因\n（一）存在的不足\n1.依法行政意识有待提升。\n2.执法队伍专业化水平不高。"
        "\n（二）原因分析\n1.培训的系统性不够。\n2.执法保障不足。",
        TASKS,
    )
    assert [s["text"] for s in parsed["shortfalls"]] == [
        "依法行政意识有待提升。",
        "执法队伍专业化水平不高。",
    ]
    assert causes(parsed) == [("1.", "培训的系统性不够。", None), ("2.", "执法保障不足。", None)]


def test_a_five_part_report_skips_the_leader_and_other_parts_with_their_numbered_lines():
    text = "\n".join(
        [
            TITLE,
            MEASURES,
            "二、党政主要负责人履行推进法治建设第一责任人职责情况\n（一）强化统筹部署。主持会议3次。\n（二）带头依法办事。",
            "三、存在的不足和原因\n一是决策程序执行不够严格。",
            "四、2024年度推进法治政府建设的主要安排\n（一）规范重大行政决策。",
            "五、其他需要报告的情况\n（一）获评示范县。",
            "特此报告。",
            SIGNATURE,
        ]
    )
    parsed = parse_report(text)
    data = parsed.to_json()
    assert [len(data[k]) for k in ("measures", "shortfalls", "causes", "tasks")] == [1, 1, 0, 1]
    assert data["tasks"][0]["text"] == "规范重大行政决策。"
    assert sum("已忽略" in warning for warning in parsed.warnings) == 2
    assert data["unplaced"] == []


def test_the_closing_formula_belongs_to_no_item():
    parsed = report(MEASURES, SHORTFALLS, TASKS, "特此报告。")
    assert parsed["tasks"][-1]["text"] == "规范重大行政决策。年内开展后评估2项。"
    assert parsed["unplaced"] == []


def test_what_cannot_be_placed_goes_to_unplaced():
    parsed = report(MEASURES, SHORTFALLS, TASKS, "我们将持续推进法治政府建设。")
    assert parsed["unplaced"] == ["我们将持续推进法治政府建设。"]


def test_a_cause_label_after_a_paragraph_listing_the_shortfalls_explains_them_all():
    parsed = report(
        MEASURES,
        "二、存在的问题\n一是意识不强；二是力量薄弱；三是手段单一。\n原因：认识不足，投入不够。",
        TASKS,
    )
    assert causes(parsed) == [("原因：", "认识不足，投入不够。", None)]


def test_a_cause_label_after_each_shortfall_paragraph_stays_that_shortfalls():
    parsed = report(
        MEASURES,
        "二、存在的问题\n1.意识不强。\n原因：学法不够。\n2.力量薄弱。\n原因：编制紧张。",
        TASKS,
    )
    assert causes(parsed) == [("原因：", "学法不够。", 1), ("原因：", "编制紧张。", 2)]


def test_an_item_of_one_sentence_is_titled_by_its_first_clause():
    parsed = report(
        MEASURES, SHORTFALLS, "三、下一步工作打算\n1.推进依法治校示范创建，年内创建示范校10所。"
    )
    assert parsed["tasks"][0]["title"] == "推进依法治校示范创建"
