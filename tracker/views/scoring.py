"""The coordinating office's scoring rule (考核评分规则): read and set, coordinators only."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions
from ..forms import helper
from ..models import ScoringRule
from ..once import submit_once
from ..services.scoring import scoring_rule_set


class ScoringRuleForm(forms.ModelForm):
    class Meta:
        model = ScoringRule
        fields = ["jurisdiction", "base", *ScoringRule.POINT_FIELDS]

    def __init__(self, *args, jurisdictions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["jurisdiction"]
        field.queryset = jurisdictions
        field.empty_label = None
        field.error_messages["invalid_choice"] = gettext_lazy(
            "没有这个辖区,或您无权设置该辖区的规则。"
        )
        self.helper = helper()


@login_required
@submit_once
def scoring_rule(request: HttpRequest) -> HttpResponse:
    if not permissions.can_set_scoring(request.user):
        raise PermissionDenied
    allowed = permissions.scoring_jurisdictions(request.user).order_by("path")
    if request.method == "POST":
        form = ScoringRuleForm(request.POST, jurisdictions=allowed)
        if form.is_valid():
            data = form.cleaned_data
            jurisdiction = data["jurisdiction"]
            points = {name: data[name] for name in ("base", *ScoringRule.POINT_FIELDS)}
            scoring_rule_set(jurisdiction=jurisdiction, by=request.user, points=points)
            messages.success(request, _("已保存考核评分规则。"))
            return redirect(f"{request.path}?jurisdiction={jurisdiction.pk}")
    else:
        chosen = allowed.filter(pk=request.GET.get("jurisdiction") or 0).first() or allowed.first()
        rule = ScoringRule.objects.governing(chosen.pk) if chosen else None
        initial = {"jurisdiction": chosen}
        if rule is not None and rule.jurisdiction_id != getattr(chosen, "pk", None):
            # Inherited from above: start from it, saved as this jurisdiction's own.
            initial.update(
                {name: getattr(rule, name) for name in ("base", *ScoringRule.POINT_FIELDS)}
            )
            rule = None
        form = ScoringRuleForm(instance=rule, initial=initial, jurisdictions=allowed)
    return render(request, "tracker/scoring_rule.html", {"form": form})
