"""The Celery app. Without REDIS_URL, settings make every task run eagerly in-process."""

import os

from celery import Celery, signals

from config import logs

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("lansmedel")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# A task's log lines carry the id of the request that queued it (config/logs.py).
signals.before_task_publish.connect(logs.task_headers_add, weak=False)
signals.task_prerun.connect(logs.task_request_id_set, weak=False)
signals.task_postrun.connect(logs.task_request_id_reset, weak=False)
