"""Each person's 消息 page, their e-mail choice, and the office's switches."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from .. import large_type, permissions
from ..forms import helper
from ..models import EmailMode, OfficeSettings, UserPreference
from ..once import submit_once
from ..services.notices import messages_mark_read
from .common import safe_next

INBOX_PAGE = 30


@login_required
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    mine = permissions.visible_messages(request.user)
    unread_only = request.GET.get("unread") == "1"
    shown = mine.unread() if unread_only else mine
    page = Paginator(
        shown.select_related("item", "item__parent", "actor").order_by("-created_at", "-pk"),
        INBOX_PAGE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "tracker/inbox.html",
        {"page": page, "unread_only": unread_only, "query": "unread=1" if unread_only else ""},
    )


@login_required
@require_POST
def message_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one message read and go to its item (or back to the messages)."""
    message = get_object_or_404(permissions.visible_messages(request.user), pk=pk)
    messages_mark_read(user=request.user, ids=[message.pk])
    return redirect(message.item if message.item_id else "tracker:inbox")


@login_required
@require_POST
@submit_once
def messages_read_all(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "1":  # not the page's button: nothing to do
        return redirect("tracker:inbox")
    count = messages_mark_read(user=request.user)
    messages.success(
        request,
        ngettext("已将 %(n)d 条消息标为已读。", "已将 %(n)d 条消息标为已读。", count)
        % {"n": count},
    )
    return redirect("tracker:inbox")


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = UserPreference
        fields = ["email_mode", "large_type"]
        widgets = {"email_mode": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


@login_required
@submit_once
def preferences(request: HttpRequest) -> HttpResponse:
    preference = UserPreference.objects.filter(user=request.user).first() or UserPreference(
        user=request.user, email_mode=EmailMode.DIGEST
    )
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        large_type.keep(request, on=form.instance.large_type)
        messages.success(request, _("已保存个人设置。"))
        return redirect("tracker:preferences")
    return render(request, "tracker/preferences.html", {"form": form})


@login_required
@require_POST
def large_type_switch(request: HttpRequest) -> HttpResponse:
    """The top bar's 长者模式 button: on or off, then back to the page it was pressed on."""
    choice = request.POST.get("large_type")
    if choice in ("on", "off"):  # anything else (an empty post) changes nothing
        large_type.remember(request, on=choice == "on")
    return redirect(safe_next(request) or "tracker:home")


ON_OFF = [(True, gettext_lazy("开启")), (False, gettext_lazy("关闭"))]


class OfficeSettingsForm(forms.ModelForm):
    # On or off said explicitly: an empty post changes nothing.
    unit_review_closure = forms.TypedChoiceField(
        choices=ON_OFF,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        label=OfficeSettings._meta.get_field("unit_review_closure").verbose_name,
        help_text=OfficeSettings._meta.get_field("unit_review_closure").help_text,
    )

    class Meta:
        model = OfficeSettings
        fields = ["unit_review_closure"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


@login_required
@submit_once
def office_settings(request: HttpRequest) -> HttpResponse:
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    current = OfficeSettings.current()
    form = OfficeSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        changed._history_user = request.user
        changed.save()
        messages.success(request, _("已保存督办设置。"))
        return redirect("tracker:office-settings")
    return render(request, "tracker/office_settings.html", {"form": form})
