"""The 2021 report's indicators (fixtures/seed_2021/indicators.py) checked against the seed text.

No database: these tests read the data module and the report it was copied from.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

import pytest

from fixtures.seed_2021.indicators import INDICATORS
from tracker.seed import seed_report_text

# Values that are not written in their source sentence, and why each is still right.
DERIVED = {
    ("公职律师配备党政机关数", "target", "40"): "全覆盖 of the 40 agencies named in the baseline",
    ("党政机关公职律师配备率", "measurement", "37.5"): "15/40; the report says 提升22.5% (points)",
    ("党政机关公职律师配备率", "target", "100"): "全覆盖",
    ("空气质量优良天数", "baseline", "256"): "267 days in 2021, 同比增加11天",
}

ITEM_COUNTS = {"shortfall": 5, "cause": 5, "task": 6}
MEASURE_SUBS = {1: 3, 2: 6}  # (一) has 1.–3., (二) has 1.–6.
LEAD_MARKER = re.compile(r"(?:^|。)(?:\d+\.|[一二三四五六]?是)$")


@pytest.fixture(scope="module")
def seed() -> str:
    return seed_report_text()


def report_items(seed: str) -> dict[tuple, str]:
    """The text of every item, keyed like the data's items: ("measure", (2, 2)), ("task", 3)."""
    items: dict[tuple, str] = {}
    part = section = None
    heading = 0
    numbered = {"shortfall": 0, "cause": 0, "task": 0}
    for raw in seed.splitlines():
        line = raw.strip(" \u2002\u3000")
        if not line:
            continue
        if line.startswith(("一、", "二、", "三、")):
            part, section = line[0], {"二": "shortfall", "三": "task"}.get(line[0])
            continue
        if part == "三" and line == "天津市蓟州区人民政府":  # the signature ends part three
            break
        if part == "一":
            if match := re.match(r"\(([一二])\)", line):
                heading = "一二".index(match[1]) + 1
                key = ("measure", (heading, None))
            elif match := re.match(r"(\d)\.", line):
                key = ("measure", (heading, int(match[1])))
            items[key] = items.get(key, "") + line
        elif part == "二" and line.startswith("产生问题的原因"):
            section = "cause"
        elif section and not line.endswith(":"):  # skip the lead-in line of a list
            numbered[section] += 1
            items[(section, numbered[section])] = line
    return items


def points(indicator: dict):
    """(role, point) for the baseline, the target and each measurement that is set."""
    for role in ("baseline", "target"):
        if indicator[role] is not None:
            yield role, indicator[role]
    for point in indicator["measurements"]:
        yield "measurement", point


IDS = [f"indicator{n:02d}" for n in range(1, len(INDICATORS) + 1)]


def all_points():
    return [(ind["name"], role, point) for ind in INDICATORS for role, point in points(ind)]


def test_seed_parses_into_the_reports_items(seed):
    items = report_items(seed)
    for kind, count in ITEM_COUNTS.items():
        assert sorted(n for k, n in items if k == kind) == list(range(1, count + 1))
    measures = {address for kind, address in items if kind == "measure"}
    assert measures == {
        (h, s) for h, subs in MEASURE_SUBS.items() for s in [None, *range(1, subs + 1)]
    }


@pytest.mark.parametrize(("name", "role", "point"), all_points())
def test_source_is_a_whole_sentence_of_the_seed(seed, name, role, point):
    source = point["source"]
    assert source in seed, f"{name} {role}: source not verbatim in the seed"
    assert source.endswith(("。", ";")) or source + "\n" in seed
    starts = [m.start() for m in re.finditer(re.escape(source), seed)]
    for start in starts:
        before = seed[seed.rfind("\n", 0, start) + 1 : start].strip(" \u2002\u3000")
        if before == "" or before.endswith(("。", ";")) or LEAD_MARKER.search(before):
            return
    pytest.fail(f"{name} {role}: source starts mid-sentence")


@pytest.mark.parametrize(("name", "role", "point"), all_points())
def test_value_is_written_in_its_source(name, role, point):
    value = point["value"]
    written = re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", point["source"])
    if (name, role, value) in DERIVED:
        assert not written, f"{name} {role}: {value} is in its sentence, drop it from DERIVED"
    else:
        assert written, f"{name} {role}: {value} is not in its source sentence"


def test_derived_values_are_all_in_the_data():
    used = {(name, role, point["value"]) for name, role, point in all_points()}
    assert set(DERIVED) <= used


def test_derived_arithmetic():
    assert Decimal(15) / 40 * 100 == Decimal("15") + Decimal("22.5") == Decimal("37.5")
    assert 267 - 11 == 256


def test_names_are_unique_and_fields_filled():
    names = [ind["name"] for ind in INDICATORS]
    assert len(names) == len(set(names))
    for ind in INDICATORS:
        assert ind["name"].strip() and ind["unit_of_measure"].strip(), ind
        assert isinstance(ind["higher_is_better"], bool), ind["name"]
        assert ind["baseline"] is not None, ind["name"]


@pytest.mark.parametrize(("name", "role", "point"), all_points())
def test_values_are_decimal_strings(name, role, point):
    value = point["value"]
    assert isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value), (name, role)
    try:
        Decimal(value)
    except InvalidOperation:  # pragma: no cover - the regex already guards this
        pytest.fail(f"{name} {role}: {value!r} is not a decimal")


@pytest.mark.parametrize("ind", INDICATORS, ids=IDS)
def test_dates_parse_and_follow_each_other(ind):
    baseline_on = date.fromisoformat(ind["baseline"]["on"])
    measured = [date.fromisoformat(m["on"]) for m in ind["measurements"]]
    assert len(measured) == len(set(measured)), "one measurement per day"
    assert all(on > baseline_on for on in measured)
    if ind["target"] is not None:
        target_on = date.fromisoformat(ind["target"]["on"])
        assert target_on > baseline_on
        assert all(on <= target_on for on in measured)


@pytest.mark.parametrize("ind", INDICATORS, ids=IDS)
def test_items_exist_and_hold_the_sources(seed, ind):
    items = report_items(seed)
    assert ind["items"], "an indicator measures at least one item"
    assert len(ind["items"]) == len(set(ind["items"]))
    for item in ind["items"]:
        assert item in items, f"no such item {item}"
    text = "".join(items[item] for item in ind["items"])
    for role, point in points(ind):
        assert point["source"] in text, f"{role} source is not in the items it measures"


def test_at_least_35_indicators_measure_part_one():
    tied = [ind for ind in INDICATORS if any(kind == "measure" for kind, _ in ind["items"])]
    assert len(tied) >= 35


def by_name(name: str) -> dict:
    matches = [ind for ind in INDICATORS if ind["name"] == name]
    assert len(matches) == 1, name
    return matches[0]


def summary(ind: dict) -> dict:
    pair = lambda p: None if p is None else (p["value"], p["on"])  # noqa: E731
    return {
        "unit": ind["unit_of_measure"],
        "baseline": pair(ind["baseline"]),
        "measurements": [pair(m) for m in ind["measurements"]],
        "target": pair(ind["target"]),
    }


END_2021 = "2021-12-31"
REQUIRED = {
    # Public lawyers: 6/40 agencies in 2020 H1, 15/40 at the end of 2021, 40/40 by 2023.
    "公职律师配备党政机关数": (
        "家",
        ("6", "2020-06-30"),
        [("15", END_2021)],
        ("40", "2023-12-31"),
        ("shortfall", 2),
    ),
    "党政机关公职律师配备率": (
        "%",
        ("15", "2020-06-30"),
        [("37.5", END_2021)],
        ("100", "2023-12-31"),
        ("shortfall", 2),
    ),
    "公职律师人数": ("名", ("29", "2020-06-30"), [("43", END_2021)], None, ("shortfall", 2)),
    "具有行政执法权的行政机关公职律师覆盖率": (
        "%",
        ("50", END_2021),
        [],
        None,
        ("measure", (2, 2)),
    ),
    # 乡镇街 enforcement.
    "乡镇街行政执法人员数": ("人", ("290", END_2021), [], None, ("shortfall", 3)),
    "乡镇街执法人员占全区行政执法人员比例": ("%", ("19.6", END_2021), [], None, ("shortfall", 3)),
    "乡镇街承担行政执法职权数": ("项", ("397", END_2021), [], None, ("shortfall", 3)),
    "全区乡镇街数": ("个", ("27", END_2021), [], None, ("shortfall", 3)),
}


@pytest.mark.parametrize("name", REQUIRED)
def test_required_indicators(name):
    unit, baseline, measurements, target, item = REQUIRED[name]
    ind = by_name(name)
    assert summary(ind) == {
        "unit": unit,
        "baseline": baseline,
        "measurements": measurements,
        "target": target,
    }
    assert item in ind["items"]
    assert ("task", 3) in ind["items"]


def test_lower_is_better_where_less_is_progress():
    for name in ("PM2.5年均浓度", "企业注册登记核准时间", "企业简易注销登记公告时间"):
        assert by_name(name)["higher_is_better"] is False, name
