"""Background exports: asking for one, running it (in a Celery worker, or in the process
when there is no broker), and clearing old ones away.

The job's row is the whole truth about it (status, progress, file, error): the file goes
to the default storage (a shared disk or S3), so any app server can serve it and the
worker that wrote it may be gone.
"""

import logging
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import exports
from ..models import ExportJob, ExportKind, ExportStatus
from .errors import WorkflowError

log = logging.getLogger("tracker.exports")

# Progress is written at most this often (one UPDATE), and at every 1 % step at most.
PROGRESS_EVERY_SECONDS = 0.5
# A job left "running" this long had its worker die under it.
STALE_AFTER = timedelta(hours=6)


@transaction.atomic
def export_request(*, by: AbstractBaseUser, kind: str, query: str = "") -> ExportJob:
    """Queue an export of `kind` for `by`; it runs once the request's transaction commits.

    The rights are checked here (a refusal the person sees at once) and again when the
    job runs (they may have changed by then)."""
    if kind not in ExportKind.values:
        raise WorkflowError(_("没有这种导出。"))
    job = ExportJob.objects.create(kind=kind, requested_by=by, params={"query": query[:2000]})
    try:
        exports.build(job)  # checks the parameters and rights; writes nothing
    except exports.ExportRefused as refused:
        raise WorkflowError(str(refused)) from refused
    log.info("export %s #%d requested by %s", kind, job.pk, by.get_username())
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import run_export

    run_export.delay(job_id)


def _claim(job_id: int) -> bool:
    """Mark a queued job running; False if another delivery of it got there first."""
    return bool(
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, started_at=timezone.now()
        )
    )


class _Progress:
    """Counts rows and writes the percentage now and then (not once per row)."""

    def __init__(self, job_id: int, total: int):
        self.job_id, self.total, self.done = job_id, max(total, 1), 0
        self.shown, self.at = 0, time.monotonic()

    def __call__(self) -> None:
        self.done += 1
        percent = min(99, self.done * 100 // self.total)  # 100 only once the file is saved
        if percent > self.shown and time.monotonic() - self.at >= PROGRESS_EVERY_SECONDS:
            ExportJob.objects.filter(pk=self.job_id).update(progress=percent, rows=self.done)
            self.shown, self.at = percent, time.monotonic()


def export_run(*, job_id: int) -> ExportJob | None:
    """Build a queued job's file and store it; a failure is recorded on the job, with
    the reason. Runs at most once per job, however often the task is delivered."""
    if not _claim(job_id):
        log.info("export #%d is not queued (already run or gone): skipped", job_id)
        return None
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    try:
        plan = exports.build(job)
        progress = _Progress(job.pk, plan.total)
        with tempfile.TemporaryFile() as spool:
            plan.write(spool, progress)
            spool.seek(0)
            job.file.save(plan.filename, File(spool), save=False)
    except exports.ExportRefused as refused:
        return _fail(job, str(refused))
    except Exception as error:  # recorded for the person, logged in full for the operator
        log.exception("export #%d failed", job.pk)
        return _fail(job, _("生成失败:%(error)s") % {"error": type(error).__name__})
    job.filename, job.rows, job.progress = plan.filename, progress.done, 100
    job.status, job.finished_at = ExportStatus.DONE, timezone.now()
    job.save(update_fields=["file", "filename", "rows", "progress", "status", "finished_at"])
    log.info("export %s #%d done: %d rows", job.kind, job.pk, job.rows)
    return job


def _fail(job: ExportJob, reason: str) -> ExportJob:
    job.status, job.error, job.finished_at = ExportStatus.FAILED, reason, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    log.warning("export #%d failed: %s", job.pk, reason)
    return job


def exports_purge(*, now=None) -> int:
    """Delete finished exports older than TRACKER_EXPORT_KEEP_DAYS with their files, and
    fail jobs whose worker died under them. Returns how many were deleted."""
    now = now or timezone.now()
    ExportJob.objects.unfinished().filter(created_at__lt=now - STALE_AFTER).update(
        status=ExportStatus.FAILED, error=_("生成中断,请重新申请。"), finished_at=now
    )
    old = ExportJob.objects.filter(
        finished_at__lt=now - timedelta(days=settings.TRACKER_EXPORT_KEEP_DAYS)
    )
    deleted = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    log.info("exports purged: %d", deleted)
    return deleted
