"""Genre rules the blind set taught the parser, each on a small synthetic report.

Every test names the convention real reports follow; docs/IMPORTER.md lists them.
"""

from tracker.importer import parse_report

SHORTFALLS = ("二、存在的问题", "一是执法力量不足。基层执法人员偏少。")
TASKS = ("三、下一步工作打算", "一是充实基层执法力量。年内新增执法人员20名。")


def report(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def body(*tasks: str) -> tuple[str, ...]:
    return ("一、主要举措和成效", "一是加强组织领导。召开会议3次。", *SHORTFALLS, *(tasks or TASKS))


def test_a_joint_signature_on_one_line_is_signed_by_the_government():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body(),
            "中共清河县委    清河县人民政府",
            "2023年2月1日",
        )
    )
    assert parsed.issuer == "清河县人民政府"
    assert parsed.tasks[-1].text == "充实基层执法力量。年内新增执法人员20名。"


def test_a_signature_spread_out_letter_by_letter_is_joined():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body(),
            "清　河　县　人　民　政　府",
            "2023年2月1日",
        )
    )
    assert parsed.issuer == "清河县人民政府"


def test_the_issuer_named_in_the_title_beats_the_pages_source():
    parsed = parse_report(
        report("来源:清河县司法局", "清河县人民政府关于2022年度法治政府建设情况的报告", *body())
    )
    assert parsed.issuer == "清河县人民政府"


def test_of_two_bodies_in_the_title_the_government_is_the_issuer():
    parsed = parse_report(
        report("中共清河县委 清河县人民政府关于2022年度法治政府建设情况的报告", *body())
    )
    assert parsed.issuer == "清河县人民政府"


def test_the_title_is_kept_as_printed():
    parsed = parse_report(report("清河县２０２２年法治政府建设情况报告", *body()))
    assert parsed.title == "清河县２０２２年法治政府建设情况报告"
    assert parsed.year == 2022


def test_a_title_broken_before_its_genre_words_is_joined():
    parsed = parse_report(
        report("清河县市场监督管理局关于2022年度", "法治政府建设工作情况的报告", *body())
    )
    assert parsed.title == "清河县市场监督管理局关于2022年度法治政府建设工作情况的报告"


def test_a_title_opening_with_guanyu_is_joined_to_the_issuer_above():
    parsed = parse_report(report("清河县人民政府", "关于2022年度法治政府建设情况的报告", *body()))
    assert parsed.title == "清河县人民政府关于2022年度法治政府建设情况的报告"
    assert parsed.issuer == "清河县人民政府"


def test_the_year_from_the_lead_in_when_the_title_has_none():
    parsed = parse_report(
        report(
            "清河县人民政府关于法治政府建设工作情况的报告",
            "按照有关要求,现将我县2022年度法治政府建设工作情况报告如下:",
            *body(),
        )
    )
    assert parsed.year == 2022
    assert not any("推定" in warning for warning in parsed.warnings)


def test_related_links_after_an_unsigned_report_are_not_read():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body(),
            "相关链接:",
            "清河县2021年度法治政府建设情况报告",
            "清河县2023年度法治政府建设工作要点",
        )
    )
    assert parsed.tasks[-1].text == "充实基层执法力量。年内新增执法人员20名。"
    assert parsed.unplaced == []


def test_the_sign_off_formula_is_neither_an_item_nor_unplaced():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body(),
            "特此报告。",
            "清河县人民政府",
            "2023年2月1日",
        )
    )
    assert parsed.tasks[-1].text == "充实基层执法力量。年内新增执法人员20名。"
    assert parsed.unplaced == []


def test_causes_announced_by_jiuqi_yuanyin_are_causes():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            "一、主要举措和成效",
            "一是加强组织领导。召开会议3次。",
            "二、存在的不足和原因",
            "主要表现在:一是执法力量不足;二是培训针对性不强。",
            "究其原因,主要有以下几点:一是编制偏紧。二是经费不足。",
            *TASKS,
        )
    )
    assert [s.text for s in parsed.shortfalls] == ["执法力量不足;", "培训针对性不强。"]
    assert [(c.text, c.cause_of) for c in parsed.causes] == [
        ("编制偏紧。", None),
        ("经费不足。", None),
    ]
    assert parsed.unplaced == []


def test_a_chansheng_yuanyin_label_under_a_shortfall_is_its_cause():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            "一、主要举措和成效",
            "一是加强组织领导。召开会议3次。",
            "二、存在的不足和原因",
            "(一)执法力量不足。基层执法人员偏少。产生原因:编制偏紧。",
            "(二)培训针对性不强。形式单一。产生原因:经费不足。",
            *TASKS,
        )
    )
    assert [s.text for s in parsed.shortfalls] == [
        "执法力量不足。基层执法人员偏少。",
        "培训针对性不强。形式单一。",
    ]
    assert [(c.marker, c.text, c.cause_of) for c in parsed.causes] == [
        ("产生原因:", "编制偏紧。", 1),
        ("产生原因:", "经费不足。", 2),
    ]


def test_a_bracketed_plans_heading_splits_a_combined_part():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            "一、主要举措和成效",
            "1.加强组织领导。召开会议3次。",
            "二、存在的问题及下一步工作打算",
            "(一)存在的问题",
            "1.执法力量不足。",
            "(二)下一步工作打算",
            "1.充实执法力量。",
        )
    )
    assert [s.text for s in parsed.shortfalls] == ["执法力量不足。"]
    assert [t.text for t in parsed.tasks] == ["充实执法力量。"]


def test_a_bracketed_shortfall_that_mentions_plans_stays_a_shortfall():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body()[:2],
            "二、存在的问题",
            "(一)执法力量不足",
            "基层执法人员偏少。",
            "(二)年度工作计划落实不到位",
            "部分任务未按期完成。",
            *TASKS,
        )
    )
    assert [s.title for s in parsed.shortfalls] == ["执法力量不足", "年度工作计划落实不到位"]


def test_parts_numbered_like_items_are_read_as_parts():
    parsed = parse_report(
        report(
            "清河县司法局2022年度法治政府建设情况报告",
            "(一)主要举措和成效",
            "1.加强组织领导。召开会议3次。",
            "(二)存在的不足",
            "1.执法力量不足。",
            "(三)下一步工作安排",
            "1.充实执法力量。",
            "清河县司法局",
            "2023年1月5日",
        )
    )
    assert [m.text for m in parsed.measures] == ["加强组织领导。召开会议3次。"]
    assert [s.text for s in parsed.shortfalls] == ["执法力量不足。"]
    assert [t.text for t in parsed.tasks] == ["充实执法力量。"]


def test_a_year_led_wrap_up_after_the_last_task_is_unplaced():
    closing = "2023年,我县将坚持以习近平法治思想为指导,为全县发展提供有力法治保障。"
    parsed = parse_report(report("清河县2022年法治政府建设情况报告", *body(), closing))
    assert parsed.tasks[-1].text == "充实基层执法力量。年内新增执法人员20名。"
    assert parsed.unplaced == [closing]


def test_a_year_led_paragraph_followed_by_more_tasks_stays_in_its_task():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body(
                "三、2023年工作打算",
                "(一)推进依法决策",
                "2023年,我县将修订重大行政决策程序规定。",
                "(二)规范行政执法",
                "开展执法培训。",
            ),
        )
    )
    assert parsed.tasks[0].text == "推进依法决策\n\n2023年,我县将修订重大行政决策程序规定。"
    assert parsed.unplaced == []


def test_a_shortfalls_first_comma_bounds_its_title():
    parsed = parse_report(
        report(
            "清河县2022年法治政府建设情况报告",
            *body()[:2],
            "二、存在的问题",
            "一是督察整改机制不完善,对整改成效缺乏持续跟踪问效。",
            *TASKS,
        )
    )
    assert parsed.shortfalls[0].title == "督察整改机制不完善"
