"""Turn each update that was returned and resubmitted in place into a chain of versions.

Before, a revision overwrote the update and its decisions were Review rows.
Now every version is its own row carrying its own decision. For an update
with k returns before its current submission, k earlier versions are
recreated from the update's history as it stood at each return, each marked
returned with that review's reviewer, time and comment; the current row
becomes the last version. Evidence stays on the current version (it was
attached there). Reverse: decisions go back to Review rows on the last
version and the earlier versions are removed.
"""

from django.db import migrations

RETURN, APPROVE = "return", "approve"
SUBMITTED, RETURNED, APPROVED = "submitted", "returned", "approved"
COPIED = ("item_id", "unit_id", "author_id", "reported_on", "text", "percent",
          "requests_closure", "submitted_at")  # fmt: skip


def _snapshot(history, update, moment):
    """The update's fields as recorded last at or before `moment` (else as it is now)."""
    record = (
        history.objects.filter(id=update.pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record or update


def forwards(apps, schema_editor):
    Update = apps.get_model("tracker", "ProgressUpdate")
    Review = apps.get_model("tracker", "Review")
    history = apps.get_model("tracker", "HistoricalProgressUpdate")
    for update in Update.objects.filter(pk__in=Review.objects.values("update_id")).order_by("pk"):
        reviews = list(Review.objects.filter(update_id=update.pk).order_by("created_at", "pk"))
        earlier = reviews if update.state == SUBMITTED else reviews[:-1]
        previous = None
        for number, review in enumerate(earlier, start=1):
            old = _snapshot(history, update, review.created_at)
            previous = Update.objects.create(
                **{field: getattr(old, field) for field in COPIED},
                state=RETURNED,
                revision=number,
                revises=previous,
                reviewed_by_id=review.reviewer_id,
                reviewed_at=review.created_at,
                review_comment=review.comment or "退回",
            )
        update.revision = len(earlier) + 1
        update.revises = previous
        if update.state == SUBMITTED:
            update.reviewed_by, update.reviewed_at, update.review_comment = None, None, ""
        update.save()


def backwards(apps, schema_editor):
    Update = apps.get_model("tracker", "ProgressUpdate")
    Review = apps.get_model("tracker", "Review")
    decisions = {RETURNED: RETURN, APPROVED: APPROVE}
    for last in Update.objects.filter(revised_by__isnull=True).order_by("pk"):
        chain, node = [], last
        while node is not None:
            chain.append(node)
            node = node.revises
        for version in reversed(chain):
            if version.state in decisions:
                Review.objects.create(
                    update_id=last.pk,
                    reviewer_id=version.reviewed_by_id,
                    decision=decisions[version.state],
                    comment=version.review_comment,
                    created_at=version.reviewed_at,
                )
        if len(chain) > 1:
            last.revises = None
            last.revision = 1
            last.save()
            for version in chain[1:]:
                version.evidence.update(update_id=last.pk)
                version.revises = None
                version.save()
            Update.objects.filter(pk__in=[v.pk for v in chain[1:]]).delete()


class Migration(migrations.Migration):
    dependencies = [("tracker", "0006_update_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
