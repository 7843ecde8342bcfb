"""Kinds, statuses and states shared by the tracker's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    MEASURE = "measure", _("主要举措")
    SHORTFALL = "shortfall", _("存在的不足")
    CAUSE = "cause", _("原因")
    TASK = "task", _("下一年度安排")


# Shortfalls and tasks are tracked (owned, dated, reported on); measures and
# causes are context that the tracked items point back to.
TRACKED_KINDS = (Kind.SHORTFALL, Kind.TASK)


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    IN_PROGRESS = "in_progress", _("推进中")
    AWAITING_CLOSURE = "awaiting_closure", _("待销号")
    CLOSED = "closed", _("已销号")
    ON_HOLD = "on_hold", _("暂缓")


class ClosureReason(models.TextChoices):
    """Why a closed item was closed: done (the usual 销号), or moved into next year's report."""

    DONE = "done", _("完成销号")
    NEXT_YEAR = "next_year", _("转入下一年度")


class LineageKind(models.TextChoices):
    """How an item of one year's report carries on an item of the year before."""

    # A shortfall that appears again (屡查屡犯).
    REPEAT = "repeat", _("屡查屡犯")
    # A task that continues last year's task.
    CONTINUATION = "continuation", _("延续任务")
    # An unfinished item kept open and followed by the new one (结转).
    CARRY_OVER = "carry_over", _("结转")
    # An unfinished item closed as 转入下一年度, the new one its successor.
    NEXT_YEAR = "next_year", _("转入下一年度")


# What the coordinator proposes on import (the pairing) and what they decide
# for an unfinished item of last year (its fate): one of each per item at most.
PAIRING_KINDS = (LineageKind.REPEAT, LineageKind.CONTINUATION)
FATE_KINDS = (LineageKind.CARRY_OVER, LineageKind.NEXT_YEAR)
# Which kind a pairing gives each tracked kind.
PAIRING_FOR = {Kind.SHORTFALL: LineageKind.REPEAT, Kind.TASK: LineageKind.CONTINUATION}


class Light(models.TextChoices):
    RED = "red", _("红灯")
    YELLOW = "yellow", _("黄灯")
    GREEN = "green", _("绿灯")


class LinkKind(models.TextChoices):
    EXPLAINS = "explains", _("原因说明不足")
    ADDRESSES = "addresses", _("任务针对")


# The kinds each link joins, sources then targets, in the order pages list
# them: a cause explains a shortfall; a task addresses a shortfall or a cause.
# ItemLink.clean() enforces it (the kinds live on the linked rows, so no CHECK
# constraint can) and the import preview offers only these pairs.
LINK_ENDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    LinkKind.EXPLAINS: ((Kind.CAUSE,), (Kind.SHORTFALL,)),
    LinkKind.ADDRESSES: ((Kind.TASK,), (Kind.SHORTFALL, Kind.CAUSE)),
}


def link_fits(kind: str, source_kind: str, target_kind: str) -> bool:
    """May a link of `kind` run from an item of `source_kind` to one of `target_kind`?"""
    sources, targets = LINK_ENDS.get(kind, ((), ()))
    return source_kind in sources and target_kind in targets


class UnitKind(models.TextChoices):
    PARTY = "party", _("党委机构")
    GOVERNMENT = "government", _("政府")
    DEPARTMENT = "department", _("政府部门")
    COURT = "court", _("法院")
    PROCURATORATE = "procuratorate", _("检察院")
    TOWNSHIP = "township", _("乡镇街")
    BODY = "body", _("议事协调机构")
    OTHER = "other", _("其他")


class UpdateState(models.TextChoices):
    # A version waits for its unit's leader first where the office asks for it.
    PENDING_UNIT = "pending_unit", _("待单位审核")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")
    # Replaced by a newer version before anyone reviewed it.
    WITHDRAWN = "withdrawn", _("已撤回")


# Versions nobody has decided yet: the unit may still replace them.
AWAITING_STATES = (UpdateState.PENDING_UNIT, UpdateState.SUBMITTED)
# Versions a unit may replace with a new version (the latest of their chain only).
REVISABLE_STATES = (*AWAITING_STATES, UpdateState.RETURNED)
# Versions carrying a reviewer's decision.
DECIDED_STATES = (UpdateState.RETURNED, UpdateState.APPROVED)


class Decision(models.TextChoices):
    # A decision taken (timeline, admin): "Approved", where a button says "Approve".
    APPROVE = "approve", pgettext_lazy("review decision taken", "通过")
    RETURN = "return", pgettext_lazy("review decision taken", "退回")


class ReminderKind(models.TextChoices):
    MANUAL = "manual", _("催办")
    DUE_SOON = "due_soon", _("即将到期提醒")
    OVERDUE = "overdue", _("逾期提醒")
    STALE = "stale", _("长期未更新提醒")


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("待审批")
    GRANTED = "granted", _("已同意")
    REFUSED = "refused", _("未同意")
    # Settled without a decision on the date: the item was closed first.
    WITHDRAWN = "withdrawn", _("已撤销")


class AckReason(models.TextChoices):
    """Why a unit is asked to acknowledge (签收) an item."""

    ASSIGNED = "assigned", _("分配")
    URGED = "urged", _("催办")


class MessageKind(models.TextChoices):
    ASSIGNED = "assigned", _("新分配")
    URGED = "urged", _("催办")
    SUBMITTED = "submitted", _("待审核")
    UNIT_REVIEW = "unit_review", _("待单位审核")
    RETURNED = "returned", _("退回")
    APPROVED = "approved", _("通过")
    CLOSED = "closed", _("销号")
    EXTENSION_REQUESTED = "extension_requested", _("延期申请")
    EXTENSION_GRANTED = "extension_granted", _("同意延期")
    EXTENSION_REFUSED = "extension_refused", _("不同意延期")
    DUE_SOON = "due_soon", _("即将到期")
    OVERDUE = "overdue", _("逾期")


class EmailMode(models.TextChoices):
    DIGEST = "digest", _("每日汇总一封")
    EACH = "each", _("每条消息一封")
    NONE = "none", _("不发邮件")
