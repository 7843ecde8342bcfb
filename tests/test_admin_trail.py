"""The workflow's trail cannot be added, edited or deleted in the admin, by anyone."""

import pytest
from django.urls import reverse

from tests.test_access_matrix import TRAIL_MODELS
from tracker.models import Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db


def test_the_administrator_can_read_the_trail_but_not_change_it(client, world, submitted):
    client.force_login(world["admin"])
    evidence = submitted.evidence.get()
    rows = {"progressupdate": submitted, "evidence": evidence}
    for model, row in rows.items():
        change = reverse(f"admin:tracker_{model}_change", args=[row.pk])
        page = client.get(change)
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.post(change, {"text": "改写", "description": "改写"}).status_code == 403
        delete = reverse(f"admin:tracker_{model}_delete", args=[row.pk])
        assert client.post(delete, {"post": "yes"}).status_code == 403
    for model in TRAIL_MODELS:
        changelist = reverse(f"admin:tracker_{model}_changelist")
        bulk = {"action": "delete_selected", "_selected_action": [submitted.pk], "post": "yes"}
        client.post(changelist, bulk)
    submitted.refresh_from_db()
    assert submitted.text == "进展"
    assert ProgressUpdate.objects.count() == 1 and Evidence.objects.count() == 1
