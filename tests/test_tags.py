"""Badges: cached per value and language, the same markup as ever."""

from django.utils import translation

from tracker.templatetags.tracker_tags import _status_badge, light_badge, state_badge, status_badge


def test_badges_markup():
    with translation.override("zh-hans"):
        assert status_badge("closed") == '<span class="badge text-bg-success">已销号</span>'
        assert state_badge("returned") == '<span class="badge text-bg-danger">已退回</span>'
        assert light_badge("red", False) == (
            '<span class="light light-red" role="img" aria-label="红灯" title="红灯"></span>'
        )
        assert status_badge("") == light_badge(None) == state_badge("nonsense") == ""


def test_badges_are_cached_per_language():
    _status_badge.cache_clear()
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            status_badge("closed")
    assert _status_badge.cache_info().currsize == 2
