"""Celery tasks (config/celery.py): thin wrappers around the services, so the same work
runs from a worker, from celery beat, from a management command, or in the process."""

from celery import shared_task
from django.utils import timezone

from .services.exports import export_run, exports_purge
from .services.followup import reminders_send
from .services.notices import send_pending


@shared_task(name="tracker.tasks.run_export")
def run_export(job_id: int) -> None:
    export_run(job_id=job_id)


@shared_task(name="tracker.tasks.send_reminders")
def send_reminders() -> int:
    """Daily, under celery beat: overdue, due-soon and stale reminders (once a week each)."""
    return len(reminders_send(on=timezone.localdate()))


@shared_task(name="tracker.tasks.send_messages")
def send_messages(digest: bool = False) -> dict:
    """Every few minutes (and daily with digest=True), under celery beat."""
    return send_pending(digest=digest)


@shared_task(name="tracker.tasks.purge_exports")
def purge_exports() -> int:
    return exports_purge()
