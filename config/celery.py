"""The Celery application: long work outside the request (exports), and the periodic
reminders and message digests under celery beat.

With CELERY_BROKER_URL set (Redis in production) tasks go to the broker and a worker
runs them; without it (`make run`, the tests) they run in the process that asks for
them (CELERY_TASK_ALWAYS_EAGER). Settings: CELERY_* in config/settings.py.

    celery -A config worker --concurrency 2        # as many as you like
    celery -A config beat --schedule /var/lib/tracker/beat   # exactly ONE in the deployment
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["tracker"])
