"""No lost updates: two people acting on the same thing at once, on PostgreSQL.

Each thread has its own database connection (its own session); the row lock
plus the version check let exactly one win and give the other a Conflict.
"""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from tracker.models import Decision, Item, UpdateState
from tracker.services import Conflict
from tracker.services.items import item_assign
from tracker.services.progress import update_review, update_submit

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def race(*actions):
    """Run the actions at the same moment in separate threads; return their results or errors."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_coordinators_assigning_the_same_item(world):
    item = world["own"]
    version = item.version

    def assign(status, unit):
        return lambda: item_assign(
            item=item,
            by=world["coordinator"],
            lead_unit=unit,
            supporting_units=[],
            assignee=None,
            start_on=None,
            due_on=None,
            status=status,
            expected_version=version,
        )

    results = race(assign("on_hold", world["sfj"]), assign("in_progress", world["scjg"]))
    conflicts = [r for r in results if isinstance(r, Conflict)]
    winners = [r for r in results if isinstance(r, Item)]
    assert len(conflicts) == 1 and len(winners) == 1, results
    item.refresh_from_db()
    assert (item.status, item.lead_unit_id) == (winners[0].status, winners[0].lead_unit_id)
    assert item.version == version + 1


def test_two_reviewers_deciding_the_same_update(world, submitted):
    update = submitted
    other = world["admin"]
    results = race(
        lambda: update_review(
            update=update,
            reviewer=world["coordinator"],
            decision=Decision.APPROVE,
        ),
        lambda: update_review(
            update=update,
            reviewer=other,
            decision=Decision.RETURN,
            comment="不行",
        ),
    )
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    update.refresh_from_db()
    assert update.reviewed_by in (world["coordinator"], other)
    assert update.state == (
        UpdateState.APPROVED if update.reviewed_by == world["coordinator"] else UpdateState.RETURNED
    )


def test_two_colleagues_acknowledging_at_once(world):
    from tests.factories import make_user
    from tracker.models import Acknowledgement
    from tracker.services import WorkflowError
    from tracker.services.acks import item_acknowledge

    colleague = make_user("amy", role="reporter", units=[world["sfj"]])
    Acknowledgement.objects.create(
        item=world["own"], unit=world["sfj"], reason="assigned", created_at=timezone.now()
    )
    results = race(
        lambda: item_acknowledge(item=world["own"], by=world["reporter"]),
        lambda: item_acknowledge(item=world["own"], by=colleague),
    )
    assert sum(isinstance(r, WorkflowError) for r in results) == 1, results
    notice = Acknowledgement.objects.get()
    assert notice.acknowledged_by in (world["reporter"], colleague)


def test_a_revision_and_a_review_at_once(world):
    """The unit revises while the office reviews: one wins, nothing is lost."""
    from tracker.models import ProgressUpdate
    from tracker.services.progress import update_revise

    update = update_submit(
        item=world["own"], unit=world["sfj"], author=world["reporter"],
        reported_on=timezone.localdate(), text="第一版",
    )  # fmt: skip
    results = race(
        lambda: update_review(update=update, reviewer=world["coordinator"], decision="approve"),
        lambda: update_revise(
            update=update, author=world["reporter"], reported_on=timezone.localdate(),
            text="第二版", percent=None, requests_closure=False,
        ),
    )  # fmt: skip
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    update.refresh_from_db()
    if update.state == UpdateState.APPROVED:
        assert ProgressUpdate.objects.count() == 1
    else:
        assert update.state == UpdateState.WITHDRAWN
        assert ProgressUpdate.objects.get(revises=update).text == "第二版"
