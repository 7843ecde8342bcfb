"""Forms posted twice (a double click, a reload, a flaky network) count once.

Every mutating form carries a one-time key (`{% once_field %}` in its
template). A view wrapped in `@submit_once` claims the key in the same
transaction as its work: the first post stores the key with the page it led
to; a second post with the same key (even at the same instant: the database's
unique index makes it wait for the first, then fail) stores nothing and lands
on that page with a note. A post that did not succeed (the form came back with
errors) releases its key, so the corrected form can be sent.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.translation import gettext as _

from .models import FormSubmission

FIELD = "once"


def new_key() -> str:
    return uuid.uuid4().hex


def _key(request: HttpRequest) -> str:
    key = request.POST.get(FIELD, "")
    return key if 8 <= len(key) <= 64 and key.isascii() and key.isalnum() else ""


def submit_once(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        key = _key(request) if request.method == "POST" else ""
        if not key or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    claim = FormSubmission.objects.create(user=request.user, key=key)
            except IntegrityError:
                return _repeat(request, key)
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseRedirect):
                claim.outcome_url = response.url[:300]
                claim.save(update_fields=["outcome_url"])
            else:
                transaction.set_rollback(True)  # nothing was done: the key may be used again
        return response

    return wrapper


def _repeat(request: HttpRequest, key: str) -> HttpResponseRedirect:
    first = FormSubmission.objects.filter(user=request.user, key=key).first()
    messages.info(request, _("这份表单已经提交过,没有重复保存。"))
    target = first.outcome_url if first and first.outcome_url else request.path
    return HttpResponseRedirect(target)
