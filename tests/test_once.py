"""A form posted twice (a double click) counts once: one update, one review, one request."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.uploads import pdf_upload
from tracker.models import Evidence, ExtensionRequest, FormSubmission, ProgressUpdate, UpdateState
from tracker.once import new_key

pytestmark = pytest.mark.django_db


def progress(key, **extra):
    return {
        "once": key,
        "reported_on": timezone.localdate().isoformat(),
        "text": "完成了一项工作",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        **extra,
    }


def test_the_same_progress_form_twice_stores_one_update_and_one_file(client, world):
    client.force_login(world["reporter"])
    url = reverse("tracker:update-create", args=[world["own"].pk])
    key = new_key()
    first = client.post(url, progress(key, **{"evidence-0-file": pdf_upload("a.pdf"),
                                              "evidence-0-description": "材料"}))  # fmt: skip
    again = client.post(url, progress(key, **{"evidence-0-file": pdf_upload("a.pdf"),
                                              "evidence-0-description": "材料"}), follow=True)  # fmt: skip
    assert first.status_code == 302 and again.redirect_chain[0][0] == first["Location"]
    assert "已经提交过" in again.content.decode()
    assert ProgressUpdate.objects.count() == 1 and Evidence.objects.count() == 1
    # A new form (a new key) is a new update.
    client.post(url, progress(new_key()))
    assert ProgressUpdate.objects.count() == 2


def test_a_form_that_came_back_with_errors_can_be_sent_again_with_its_key(client, world):
    client.force_login(world["reporter"])
    url = reverse("tracker:update-create", args=[world["own"].pk])
    key = new_key()
    assert client.post(url, progress(key, text="")).status_code == 200
    assert not FormSubmission.objects.exists()
    assert client.post(url, progress(key)).status_code == 302
    assert ProgressUpdate.objects.count() == 1


def test_the_same_review_twice_decides_once(client, world, submitted):
    client.force_login(world["coordinator"])
    url = reverse("tracker:update-review", args=[submitted.pk])
    key = new_key()
    client.post(url, {"once": key, "decision": "return", "comment": "请补充"})
    response = client.post(
        url, {"once": key, "decision": "return", "comment": "请补充"}, follow=True
    )
    assert "已经提交过" in response.content.decode() and "已被审核" not in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == UpdateState.RETURNED


def test_the_same_extension_request_twice_is_one_request(client, world):
    item = world["own"]
    item.due_on = timezone.localdate() + timedelta(days=5)
    item.save()
    client.force_login(world["reporter"])
    data = {"once": new_key(), "requested_due_on": "2099-01-01", "reason": "需要时间"}
    url = reverse("tracker:extension-create", args=[item.pk])
    client.post(url, data)
    response = client.post(url, data, follow=True)
    assert "已经提交过" in response.content.decode()
    assert ExtensionRequest.objects.count() == 1


def test_every_mutating_form_on_the_item_page_carries_a_key(client, world, submitted):
    client.force_login(world["coordinator"])
    page = client.get(reverse("tracker:item-detail", args=[submitted.item_id])).content.decode()
    forms = page.count('method="post"')
    language_switch = page.count('action="/i18n/setlang/"')
    logout = page.count('action="/accounts/logout/"')
    large_type = page.count('action="/me/large-type/"')  # on or off: twice is once
    assert page.count('name="once"') == forms - language_switch - logout - large_type > 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent sessions")
def test_a_double_click_at_the_same_instant_stores_one_update(world):
    url = reverse("tracker:update-create", args=[world["own"].pk])
    key = new_key()
    barrier = threading.Barrier(2)
    statuses = []

    def post():
        client = Client()
        client.force_login(world["reporter"])
        try:
            barrier.wait()
            statuses.append(client.post(url, progress(key)).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert statuses == [302, 302]
    assert ProgressUpdate.objects.count() == 1
