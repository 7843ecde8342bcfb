"""Background exports (ExportJob) run by the real Celery tasks, eagerly (no broker in the
tests, as in `make run`); the periodic reminders and digests under celery beat's names."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from config import celery_app
from tests.factories import make_item
from tests.test_city import city  # noqa: F401 - the two-district fixture
from tracker.models import ExportJob, ExportStatus, MessageKind, Reminder, Status
from tracker.services import exports as export_service
from tracker.services.notices import notify
from tracker.tasks import run_export, send_messages, send_reminders

pytestmark = pytest.mark.django_db


def rows_of(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def ask(client, capture, kind: str, query: str = ""):
    """POST the page's button; the job runs when the request's transaction commits."""
    with capture(execute=True):
        response = client.post(reverse("tracker:export-create"), {"kind": kind, "query": query})
    return response


def test_the_tests_run_tasks_in_process_without_a_broker(settings):
    # The embedded mode (`make run`, the tests): no broker, the task runs where it is asked.
    assert not settings.CELERY_BROKER_URL
    assert celery_app.conf.task_always_eager


@pytest.mark.usefixtures("city")
def test_the_city_ledger_runs_as_a_job_and_matches_the_direct_workbook(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["city"])
    response = ask(client, django_capture_on_commit_callbacks, "city_ledger")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "tracker:export-detail", args=[job.pk]
    )
    assert (job.status, job.progress, job.requested_by) == ("done", 100, world["city"])
    assert job.started_at <= job.finished_at and job.filename.startswith("全市整改台账_截至")
    direct = rows_of(body(client.get(reverse("tracker:city-ledger"))))
    download = client.get(reverse("tracker:export-download", args=[job.pk]))
    assert download["Cache-Control"] == "private, no-store"
    assert rows_of(body(download)) == direct
    assert job.rows == len(direct) - 1 == 6
    page = client.get(reverse("tracker:export-detail", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' not in page  # finished: the page stops refreshing
    assert reverse("tracker:export-download", args=[job.pk]) in page


@pytest.mark.usefixtures("city")
def test_only_the_requester_sees_or_downloads_a_job(client, world):
    job = ExportJob.objects.create(kind="city_ledger", requested_by=world["city"])
    job = export_service.export_run(job_id=job.pk)
    for role in ["coordinator", "coordinator_2", "viewer", "reporter", "admin"]:
        client.force_login(world[role])
        for name in ["tracker:export-detail", "tracker:export-download"]:
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (role, name)
        assert job.filename not in client.get(reverse("tracker:export-list")).content.decode()
    client.logout()
    response = client.get(reverse("tracker:export-download", args=[job.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.usefixtures("city")
def test_a_district_office_may_not_ask_for_the_city_ledger(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["coordinator"])
    response = ask(client, django_capture_on_commit_callbacks, "city_ledger")
    assert response.status_code == 302 and not ExportJob.objects.exists()
    assert "只有市级督办部门" in client.get(response.url).content.decode()


@pytest.mark.usefixtures("city")
def test_rights_are_checked_again_when_the_job_runs(world):
    # Queued by the city's office, which then lost its city role before a worker took it.
    job = ExportJob.objects.create(kind="city_ledger", requested_by=world["city"])
    world["city"].memberships.all().delete()
    run_export.delay(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "只有市级督办部门" in job.error
    assert not job.file


@pytest.mark.usefixtures("city")
def test_a_reporters_ledger_job_holds_only_their_units_items(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["reporter"])
    query = f"report={world['report'].pk}"
    ask(client, django_capture_on_commit_callbacks, "ledger", query)
    job = ExportJob.objects.get()
    assert job.status == "done", job.error
    got = rows_of(body(client.get(reverse("tracker:export-download", args=[job.pk]))))
    direct = rows_of(body(client.get(reverse("tracker:ledger-xlsx") + "?" + query)))
    assert got == direct
    text = "\n".join(str(v) for row in got for v in row)
    assert "司法局牵头的任务" in text and "市场监管局牵头的任务" not in text


@pytest.mark.usefixtures("city")
def test_the_item_list_job_keeps_the_lists_filters(
    client, world, django_capture_on_commit_callbacks
):
    make_item(report=world["report"], lead_unit=world["sfj"], title="已销号的任务",
              status=Status.CLOSED, closed_on=timezone.localdate())  # fmt: skip
    client.force_login(world["coordinator"])
    query = f"status={Status.CLOSED}"
    ask(client, django_capture_on_commit_callbacks, "item_list", query)
    job = ExportJob.objects.get()
    got = rows_of(body(client.get(reverse("tracker:export-download", args=[job.pk]))))
    direct = rows_of(body(client.get(reverse("tracker:item-list-xlsx") + "?" + query)))
    assert got == direct and job.rows == len(got) - 2 == 1
    assert "已销号的任务" in str(got[2])


def test_progress_is_written_as_rows_go_and_reaches_100_only_when_stored(world, monkeypatch):
    monkeypatch.setattr(export_service, "PROGRESS_EVERY_SECONDS", 0)
    job = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
    step = export_service._Progress(job.pk, 4)
    step()
    step()
    job.refresh_from_db()
    assert (job.progress, job.rows) == (50, 2)
    step()
    step()
    job.refresh_from_db()
    assert job.progress == 99  # the file is not stored yet


@pytest.mark.usefixtures("city")
def test_a_job_delivered_twice_runs_once(world):
    job = ExportJob.objects.create(kind="city_ledger", requested_by=world["city"])
    first = export_service.export_run(job_id=job.pk)
    assert first.status == "done"
    assert export_service.export_run(job_id=job.pk) is None
    job.refresh_from_db()
    assert job.file.name == first.file.name


@pytest.mark.usefixtures("city")
def test_a_failure_is_recorded_with_its_reason(world, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("tracker.summaries.city_ledger.write_city_xlsx", broken)
    job = ExportJob.objects.create(kind="city_ledger", requested_by=world["city"])
    export_service.export_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "MemoryError" in job.error and not job.file


def test_the_page_refreshes_itself_while_the_job_runs(client, world):
    job = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
    client.force_login(world["coordinator"])
    page = client.get(reverse("tracker:export-detail", args=[job.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page and "已排队" in page
    listing = client.get(reverse("tracker:export-list")).content.decode()
    assert 'http-equiv="refresh"' in listing
    assert client.get(reverse("tracker:export-download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize("jobs", [1, 15])
def test_the_export_list_query_count_is_fixed(client, world, django_assert_num_queries, jobs):
    for n in range(jobs):
        job = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
        job.file.save(f"x{n}.xlsx", ContentFile(b"x"), save=False)
        job.status, job.filename = "done", f"事项清单{n}.xlsx"
        job.save()
    client.force_login(world["coordinator"])
    with django_assert_num_queries(7):
        response = client.get(reverse("tracker:export-list"))
    assert response.content.decode().count("事项清单") >= min(jobs, 20)


def test_old_exports_are_purged_with_their_files_and_dead_jobs_fail(world, settings):
    now = timezone.now()
    old = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
    old.file.save("old.xlsx", ContentFile(b"x"), save=False)
    old.status, old.finished_at = (
        "done",
        now - timedelta(days=settings.TRACKER_EXPORT_KEEP_DAYS + 1),
    )
    old.save()
    name = old.file.name
    fresh = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
    stuck = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"],
                                     status="running")  # fmt: skip
    ExportJob.objects.filter(pk=stuck.pk).update(created_at=now - timedelta(hours=7))
    assert export_service.exports_purge(now=now) == 1
    assert not default_storage.exists(name)
    assert set(ExportJob.objects.values_list("pk", "status")) == {
        (fresh.pk, "queued"),
        (stuck.pk, "failed"),
    }


# --- celery beat's periodic tasks -----------------------------------------------------------


def test_every_scheduled_task_exists(settings):
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert names == {
        "tracker.tasks.send_reminders",
        "tracker.tasks.send_messages",
        "tracker.tasks.purge_exports",
    }
    assert names <= set(celery_app.tasks)


def test_the_reminder_task_reminds_once_a_week(world):
    item = world["own"]
    item.due_on, item.status = timezone.localdate() - timedelta(days=3), Status.IN_PROGRESS
    item.save()
    assert send_reminders.delay().get() >= 1
    assert Reminder.objects.filter(item=item, kind="overdue").count() == 1
    assert send_reminders.delay().get() == 0  # beat firing twice sends nothing new


def test_the_message_task_sends_digests(world):
    notify(kind=MessageKind.URGED, item=world["own"], recipients=[world["reporter"]],
           text="请抓紧办理")  # fmt: skip
    assert send_messages.delay().get() == {"each": 0, "digests": 0}
    assert send_messages.delay(digest=True).get()["digests"] == 1
    assert "请抓紧办理" in mail.outbox[0].body
