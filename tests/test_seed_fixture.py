"""The 2021 report fixture: loads, and says exactly what the report says."""

import io
from decimal import Decimal

import pytest

from tracker.models import Indicator, Item, ItemLink, Kind, LinkKind, Report, Unit
from tracker.seed import seed_report_text as seed_text

pytestmark = pytest.mark.django_db


def test_it_loads_the_report_with_its_full_source_text(seeded):
    assert seeded.source_text == seed_text()
    assert seeded.issuer == "天津市蓟州区人民政府"
    assert seeded.year == 2021
    assert str(seeded.signed_on) == "2022-02-22"
    assert str(seeded.published_on) == "2022-03-18"


def test_it_has_five_shortfalls_five_causes_six_tasks(seeded):
    counts = {kind: Item.objects.filter(report=seeded, kind=kind).count() for kind in Kind.values}
    assert counts == {"shortfall": 5, "cause": 5, "task": 6, "measure": 11}
    assert Item.objects.filter(report=seeded).tracked().count() == 11


def test_every_item_text_is_in_the_source_verbatim(seeded):
    source = seed_text()
    for item in Item.objects.filter(report=seeded):
        assert item.text, item
        assert item.text in source, item.label
        assert item.text == item.text.strip()


def test_items_keep_the_reports_typos_and_damaged_marker(seeded):
    second = Item.objects.get(report=seeded, kind=Kind.SHORTFALL, number=2)
    assert second.text.startswith("是公职律师队伍需要加强我区公务员队伍中")
    assert second.text.endswith("2023年底前将实现公职律师党政机关全覆盖。")
    fourth = Item.objects.get(report=seeded, kind=Kind.SHORTFALL, number=4)
    assert fourth.text.startswith("治化营商环境程度不够高。")
    first = Item.objects.get(report=seeded, kind=Kind.SHORTFALL, number=1)
    assert first.title == "习近平法治思想学习还有待进一步深化"
    assert first.text.startswith("习近平法治思想学习还有待进一步深化部分领导干部")


def test_texts_exclude_markers_and_run_to_the_items_end(seeded):
    task6 = Item.objects.get(report=seeded, kind=Kind.TASK, number=6)
    assert task6.marker == "六是"
    assert task6.text.startswith("提升“述法”工作效果。")
    assert task6.text.endswith("依法执政、依法行政能力目标。")
    measure = Item.objects.get(report=seeded, kind=Kind.MEASURE, parent__number=2, number=1)
    # A numbered measure keeps its inline 一是/二是/三是 paragraphs.
    assert "\n\n二是有效强化生态环境保护" in measure.text
    assert measure.text.endswith("简易注销登记公告时间从45天压缩到20天。")


def test_measures_nest_under_their_headings(seeded):
    headings = Item.objects.filter(report=seeded, kind=Kind.MEASURE, parent=None)
    assert [h.children.count() for h in headings] == [3, 6]


def test_each_cause_explains_its_shortfall_and_each_task_addresses_something(seeded):
    for number in range(1, 6):
        cause = Item.objects.get(report=seeded, kind=Kind.CAUSE, number=number)
        targets = list(
            cause.links_out.filter(kind=LinkKind.EXPLAINS).values_list(
                "target__number", "target__kind"
            )
        )
        assert targets == [(number, Kind.SHORTFALL)]
    for task in Item.objects.filter(report=seeded, kind=Kind.TASK):
        assert task.links_out.filter(kind=LinkKind.ADDRESSES).exists(), task.label
    for shortfall in Item.objects.filter(report=seeded, kind=Kind.SHORTFALL):
        assert ItemLink.objects.filter(target=shortfall, kind=LinkKind.ADDRESSES).exists(), (
            shortfall.label
        )


def test_public_lawyer_coverage_is_an_indicator_with_baseline_measurement_and_target(seeded):
    coverage = Indicator.objects.get(report=seeded, name="公职律师配备党政机关数")
    assert (coverage.baseline_value, str(coverage.baseline_on)) == (Decimal(6), "2020-06-30")
    assert (coverage.target_value, str(coverage.target_on)) == (Decimal(40), "2023-12-31")
    latest = coverage.measurements.get()
    assert (latest.value, str(latest.measured_on)) == (Decimal(15), "2021-12-31")
    assert coverage.baseline_source in seed_text()
    lawyers = Indicator.objects.get(report=seeded, name="公职律师人数")
    assert lawyers.measurements.get().value == 43


def test_township_enforcement_figures_are_indicators(seeded):
    values = {
        i.name: i.baseline_value
        for i in Indicator.objects.filter(
            report=seeded, items__kind=Kind.SHORTFALL, items__number=3
        )
    }
    assert Decimal(290) in values.values()
    assert Decimal("19.6") in values.values()
    assert Decimal(397) in values.values()


def test_part_one_figures_are_indicators_with_their_source_sentences(seeded):
    part_one = Indicator.objects.filter(report=seeded, items__kind=Kind.MEASURE).distinct()
    assert part_one.count() >= 30
    source = seed_text()
    for indicator in Indicator.objects.filter(report=seeded):
        assert indicator.baseline_source in source
        for point in indicator.measurements.all():
            assert point.source in source
    pm25 = Indicator.objects.get(report=seeded, name="PM2.5年均浓度")
    assert (pm25.baseline_value, pm25.higher_is_better) == (Decimal(36), False)
    assert (
        Indicator.objects.get(report=seeded, name="空气质量优良天数").measurements.get().value
        == 267
    )


def test_units_named_in_the_report_are_loaded(seeded):
    names = set(Unit.objects.filter(named_in_report=True).values_list("name", flat=True))
    assert {"区委依法治区办", "蓟州区人民政府行政复议咨询委员会", "乡镇街"} <= names
    source = seed_text()
    for name in names:
        assert name in source, name


def test_loading_twice_changes_nothing(seeded):
    from django.core.management import call_command

    call_command("seed_report", stdout=io.StringIO())
    assert Report.objects.count() == 1
    assert Item.objects.count() == 27
