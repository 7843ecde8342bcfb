"""parse_report on the seed report, on the sample reports and on arbitrary text."""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.import_support import expected, sample_names, sample_upload
from tracker.importer import ReportImportError, parse_report, read_report
from tracker.importer.normalize import shadow
from tracker.importer.titles import lead_phrase
from tracker.seed import seed_report_text as seed_text


@pytest.fixture(scope="module")
def seed() -> str:
    return seed_text()


@pytest.fixture(scope="module")
def parsed(seed):
    return parse_report(seed)


# (first 8, last 8 characters) of each shortfall, cause and task text in the seed.
SEED_EDGES = {
    "shortfalls": [
        ("习近平法治思想学", "问题才得以解决。"),
        ("是公职律师队伍需", "党政机关全覆盖。"),
        ("基层行政执法力量", "执法任务不相匹配。"[-8:]),
        ("治化营商环境程度", "作用还不够明显。"),
        ("“述法”工作开展", "督促整改的作用。"),
    ],
    "causes": [
        ("理论学习向工作实", "进而导致学用脱节。"[-8:]),
        ("公职律师配备和使", "工作的推进相对迟缓。"[-8:]),
        ("街镇乡“一支队伍", "未全方位有效落实。"[-8:]),
        ("法治化营商环境的", "有待于进一步提升。"[-8:]),
        ("依法行政意识还有", "常态化机制尚不健全,压力传导不到位。"[-8:]),
    ],
    "tasks": [
        ("在学懂弄通做实习", "、法治乡村建设。"),
        ("持续深化法治政府", "深化法治政府建设。"[-8:]),
        ("加强法治人才队伍", "队伍力量薄弱问题。"[-8:]),
        ("严格督察考核加强", "坚实的法治保障。"),
        ("搭建区级企业家法", "提供有力法治保障。"[-8:]),
        ("提升“述法”工作", "依法行政能力目标。"[-8:]),
    ],
}

SEED_TITLES = {
    "shortfalls": [
        "习近平法治思想学习还有待进一步深化",
        "公职律师队伍需要加强",
        "基层行政执法力量相对薄弱",
        "治化营商环境程度不够高",
        "“述法”工作开展不够深",
    ],
    "causes": [
        "理论学习向工作实效的成果转化还不够明显",
        "公职律师配备和使用工作机制尚不健全",
        "街镇乡“一支队伍管执法”的改革还不彻底",
        "法治化营商环境的构建上还有所欠缺",
        "依法行政意识还有待于进一步强化",
    ],
    "tasks": [
        "在学懂弄通做实习近平法治思想上狠下功夫",
        "持续深化法治政府示范创建",
        "加强法治人才队伍建设",
        "严格督察考核",
        "搭建区级企业家法治服务平台",
        "提升“述法”工作效果",
    ],
}


def test_it_counts_the_seed_items(parsed):
    assert len(parsed.measures) == 11
    assert len(parsed.shortfalls) == 5
    assert len(parsed.causes) == 5
    assert len(parsed.tasks) == 6


def test_it_reads_the_seed_measures_as_one_flat_list(parsed):
    headings = [m.number for m in parsed.measures if m.parent is None]
    assert headings == [1, 5]
    assert [m.parent for m in parsed.measures] == [None, 1, 1, 1, None, 5, 5, 5, 5, 5, 5]
    assert [m.marker for m in parsed.measures[:5]] == ["(一)", "1.", "2.", "3.", "(二)"]
    assert [m.number for m in parsed.measures] == list(range(1, 12))


def test_it_numbers_every_list_from_one(parsed):
    for items in (parsed.shortfalls, parsed.causes, parsed.tasks):
        assert [item.number for item in items] == list(range(1, len(items) + 1))


def test_every_seed_text_is_a_substring_of_the_seed(seed, parsed):
    for item in parsed.items():
        assert item.text in seed
        assert item.text == item.text.strip()


@pytest.mark.parametrize("kind", ["shortfalls", "causes", "tasks"])
def test_seed_texts_start_and_end_where_the_convention_says(parsed, kind):
    items = getattr(parsed, kind)
    assert [(item.text[:8], item.text[-8:]) for item in items] == SEED_EDGES[kind]


@pytest.mark.parametrize("kind", ["shortfalls", "causes", "tasks"])
def test_seed_titles(parsed, kind):
    assert [item.title for item in getattr(parsed, kind)] == SEED_TITLES[kind]


def test_a_damaged_marker_is_recognised_by_position_and_kept_in_the_text(parsed):
    second = parsed.shortfalls[1]
    assert second.number == 2
    assert second.marker == ""
    assert second.text.startswith("是公职律师队伍需要加强我区公务员队伍中")
    assert second.title == "公职律师队伍需要加强"
    assert any("编号残缺" in warning for warning in parsed.warnings)


def test_a_typo_stays_in_the_text(parsed):
    assert parsed.shortfalls[3].text.startswith("治化营商环境程度不够高。")


def test_inline_items_inside_a_numbered_measure_do_not_split_it(seed, parsed):
    first = parsed.measures[5]
    assert first.marker == "1."
    assert first.title == "政府职能依法全面履行"
    assert first.text.startswith("政府职能依法全面履行。一是着力加强监管效能。")
    assert "\n\n二是有效强化生态环境保护。" in first.text
    assert "\n\n三是倾力打造法治化营商环境。" in first.text
    assert first.text.endswith("简易注销登记公告时间从45天压缩到20天。")


def test_some_seed_texts_in_full(seed, parsed):
    assert parsed.tasks[3].text == (
        "严格督察考核加强行政败诉考评权重,持续开展“述法”工作和“典型差案”“示范优案”评查活动,"
        "严密组织法治建设督察,将评查结果纳入绩效考核。充分利用约谈、督办、通报曝光等方式,督促问题整改,"
        "为建设生态优先绿色发展典范城市提供坚实的法治保障。"
    )
    assert parsed.shortfalls[4].text == (
        "“述法”工作开展不够深。我区已经制定“述法”方案,但实际“述法”工作对照“述法”要求存在较大差距,"
        "形式较为单一,内容不够详实有力,没有很好的起到总结工作、接受监督、发现问题、督促整改的作用。"
    )
    assert parsed.causes[1].text == (
        "公职律师配备和使用工作机制尚不健全。大多数单位法律专业人才缺失,招收相关岗位人数比例偏低,"
        "缺乏可操作性很强的鼓励和内部培养机制,导致全区公职律师配备和使用工作的推进相对迟缓。"
    )
    assert parsed.measures[0].text == "坚持以习近平法治思想为指导,统筹推进法治政府建设"


def test_seed_metadata(parsed):
    assert parsed.title == "天津市蓟州区人民政府关于2021年法治政府建设情况报告"
    assert parsed.issuer == "天津市蓟州区人民政府"
    assert parsed.year == 2021
    assert parsed.signed == date(2022, 2, 22)
    assert parsed.published == date(2022, 3, 18)
    assert parsed.unplaced == []


def test_seed_json_shape(parsed):
    data = parsed.to_json()
    assert list(data) == [
        "title",
        "issuer",
        "year",
        "signed",
        "measures",
        "shortfalls",
        "causes",
        "tasks",
        "unplaced",
    ]
    assert data["signed"] == "2022-02-22"
    assert data["measures"][1] == {
        "number": 2,
        "marker": "1.",
        "title": "强化党的领导,全面履行法治建设第一责任人职责",
        "text": parsed.measures[1].text,
        "parent": 1,
    }
    assert set(data["causes"][0]) == {"number", "marker", "title", "text", "shortfall"}
    assert set(data["tasks"][0]) == {"number", "marker", "title", "text"}


@pytest.mark.parametrize("name", sample_names())
def test_each_sample_report_parses_to_its_expected_json(name):
    data, filename = sample_upload(name)
    text = read_report(data, filename)
    assert parse_report(text).to_json() == expected(name)


@pytest.mark.parametrize("name", sample_names())
def test_sample_texts_are_substrings(name):
    text = read_report(*sample_upload(name))
    for item in parse_report(text).items():
        assert item.text in text


def test_the_five_part_report_warns_about_the_parts_it_leaves_out():
    report = parse_report(read_report(*sample_upload("103_nanping")))
    ignored = [w for w in report.warnings if w.startswith("已忽略")]
    assert len(ignored) == 2
    assert "第一责任人" in ignored[0]
    assert "其他需要报告" in ignored[1]


def test_causes_written_under_each_shortfall_point_to_it():
    report = parse_report(read_report(*sample_upload("106_xiling")))
    assert [(c.number, c.cause_of, c.marker) for c in report.causes] == [
        (1, 1, "原因:"),
        (2, 3, "原因分析:"),
    ]
    assert report.shortfalls[0].text.endswith("实地暗访和跟踪问效较少。")


def test_items_are_ordered_by_position_across_the_report():
    report = parse_report(read_report(*sample_upload("102_baishui")))
    kinds = [item.kind for item in report.items()]
    assert kinds[4:10] == ["shortfall", "cause"] * 3


def test_text_with_no_recognisable_parts_is_refused():
    with pytest.raises(ReportImportError, match="未找到报告的“存在的不足”或“下一年度安排”部分"):
        parse_report("今天天气很好。\n\n我们去公园散步,看到很多人在锻炼身体。")


@pytest.mark.parametrize("text", ["", "   \n\u3000\t\n"])
def test_empty_text_is_refused(text):
    with pytest.raises(ReportImportError, match="文件为空"):
        parse_report(text)


def test_unnumbered_paragraphs_become_items_with_a_warning():
    text = (
        "二、存在的问题\n\n执法力量不足。基层人员少。\n\n三、下一步工作打算\n\n加强执法队伍建设。"
    )
    report = parse_report(text)
    assert [s.text for s in report.shortfalls] == ["执法力量不足。基层人员少。"]
    assert [t.text for t in report.tasks] == ["加强执法队伍建设。"]
    assert any("未发现编号" in w for w in report.warnings)


def test_a_closing_paragraph_is_unplaced_not_appended_to_the_last_task():
    text = (
        "二、存在的问题\n一是执法力量不足。\n三、下一步工作打算\n一是加强执法队伍。\n"
        "我们将继续努力,为建设法治政府作出新的更大贡献。"
    )
    report = parse_report(text)
    assert report.tasks[0].text == "加强执法队伍。"
    assert report.unplaced == ["我们将继续努力,为建设法治政府作出新的更大贡献。"]


def test_shadow_keeps_offsets():
    text = "一是\u3000加强,建设;(一)1.\u00a0\t１２\r\n"
    norm = shadow(text)
    assert len(norm) == len(text)
    assert norm == "一是 加强,建设;(一)1.  12\n\n"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "基层行政执法力量相对薄弱按照执法权限向基层倾斜的改革要求,推动执法重心下移、同步下沉编制资源、加大执法人员。",
            "基层行政执法力量相对薄弱",
        ),
        ("持续深化法治政府示范创建。制定我区纲要。", "持续深化法治政府示范创建"),
        ("强化组织领导", "强化组织领导"),
    ],
)
def test_lead_phrase(text, title):
    assert lead_phrase(shadow(text), text) == title


def test_a_lead_phrase_with_no_boundary_is_capped_at_30_characters():
    text = "一段没有任何标点也没有可识别短语边界的很长很长很长很长很长很长很长的文字内容还在继续"
    assert lead_phrase(shadow(text), text) == text[:30]


_FRAGMENTS = st.sampled_from(
    [
        "一、主要举措和成效",
        "二、存在的不足和原因",
        "三、下一年度工作安排",
        "四、其他需要报告的情况",
        "存在的问题",
        "产生问题的原因:",
        "原因分析:",
        "(一)",
        "1.",
        "2、",
        "一是",
        "二是",
        "是",
        "第一,",
        "一要",
        "加强执法队伍建设",
        "。",
        ";",
        ":",
        "\n",
        "\n\n",
        "\u3000",
        "2022年2月22日",
        "XX区人民政府",
        "附件:",
        "来源:XX区人民政府",
    ]
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.one_of(st.text(max_size=300), st.lists(_FRAGMENTS | st.text(max_size=5)).map("".join)))
def test_parse_report_only_raises_its_own_error_and_cuts_texts_from_the_input(text):
    try:
        report = parse_report(text)
    except ReportImportError:
        return
    for item in report.items():
        assert item.text in text
        assert item.text == item.text.rstrip()
        assert item.number >= 1
    assert all(re.sub(r"\s", "", fragment) for fragment in report.unplaced)
