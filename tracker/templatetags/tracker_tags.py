"""Badges and small helpers, so templates never compare status strings."""

from functools import lru_cache

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import i18n
from ..models import Decision, Light, Status, UpdateState, chinese_numeral
from ..versions import version_changes

register = template.Library()

STATUS_CLASS = {
    Status.NOT_STARTED: "text-bg-secondary",
    Status.IN_PROGRESS: "text-bg-primary",
    Status.AWAITING_CLOSURE: "text-bg-info",
    Status.CLOSED: "text-bg-success",
    Status.ON_HOLD: "text-bg-warning",
}
STATE_CLASS = {
    UpdateState.PENDING_UNIT: "text-bg-warning",
    UpdateState.SUBMITTED: "text-bg-info",
    UpdateState.RETURNED: "text-bg-danger",
    UpdateState.APPROVED: "text-bg-success",
    UpdateState.WITHDRAWN: "text-bg-secondary",
}


# Badges are drawn for every row of every list: each one is made once per
# value and language, then reused (lists of 100 rows drew 200 per request).


@register.simple_tag
def status_badge(status: str) -> str:
    return _status_badge(status, get_language())


@lru_cache(maxsize=64)
def _status_badge(status: str, language: str) -> str:
    if status not in Status.values:
        return ""
    return format_html(
        '<span class="badge {}">{}</span>', STATUS_CLASS[status], Status(status).label
    )


@register.simple_tag
def state_badge(state: str) -> str:
    return _state_badge(state, get_language())


@lru_cache(maxsize=64)
def _state_badge(state: str, language: str) -> str:
    if state not in UpdateState.values:
        return ""
    return format_html(
        '<span class="badge {}">{}</span>', STATE_CLASS[state], UpdateState(state).label
    )


@register.simple_tag
def light_badge(light: str | None, with_label: bool = True) -> str:
    return _light_badge(light, bool(with_label), get_language())


@lru_cache(maxsize=64)
def _light_badge(light: str | None, with_label: bool, language: str) -> str:
    if light not in Light.values:
        return ""
    label = Light(light).label
    if with_label:
        return format_html(
            '<span class="text-nowrap"><span class="light light-{}" aria-hidden="true"></span> {}</span>',
            light,
            label,
        )
    return format_html(
        '<span class="light light-{}" role="img" aria-label="{}" title="{}"></span>',
        light,
        label,
        label,
    )


@register.filter
def is_returned(state: str) -> bool:
    return state == UpdateState.RETURNED


@register.filter
def is_submitted(state: str) -> bool:
    return state == UpdateState.SUBMITTED


@register.simple_tag
def changes_of(update):
    """What this version changed against the one it revises (None for a first version)."""
    return version_changes(update)


@register.simple_tag
def decision(name: str) -> str:
    """The value of a review decision, for hidden form fields: {% decision 'approve' %}."""
    return Decision[name.upper()].value


@register.filter
def person(user) -> str:
    """A user's display name; the system when there is no user (automatic reminders)."""
    if user is None:
        return str(_("系统"))
    return user.get_full_name() or user.get_username()


@register.filter
def join_names(names) -> str:
    """Units or people as one line: 甲、乙 in Chinese, "A, B" in English."""
    return i18n.join_names(names)


@register.filter
def cn_numeral(n) -> str:
    """3 → 三, for the (一)(二) numbering of summaries."""
    return chinese_numeral(int(n))
