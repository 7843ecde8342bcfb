"""The coordinating office's scoring rule (考核评分规则), set through the pages and logged."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from ..models import Jurisdiction, ScoringRule


@transaction.atomic
def scoring_rule_set(
    *,
    jurisdiction: Jurisdiction,
    by: AbstractBaseUser,
    points: dict[str, int],
    at: datetime | None = None,
) -> ScoringRule:
    """Create or change a jurisdiction's rule; the history records who changed what, when.

    `points` holds `base` and the ScoringRule.POINT_FIELDS (a missing one keeps its value)."""
    rule = ScoringRule.objects.select_for_update().filter(
        jurisdiction=jurisdiction
    ).first() or ScoringRule(jurisdiction=jurisdiction)
    for name in ("base", *ScoringRule.POINT_FIELDS):
        if name in points:
            setattr(rule, name, points[name])
    rule.full_clean()
    rule._history_user = by
    rule._history_date = at or timezone.now()
    rule.save()
    return rule
