"""The real services behind the suite: skip locally when absent, fail in CI (REQUIRE_SERVICES)."""

import os

import pytest
from django.db import connection

from tests.services import need


@pytest.mark.services
@pytest.mark.django_db
def test_runs_on_postgresql_when_database_url_is_set():
    need(bool(os.environ.get("DATABASE_URL")), "PostgreSQL (DATABASE_URL)")
    assert connection.vendor == "postgresql"


@pytest.mark.services
def test_celery_uses_the_redis_broker_and_a_real_worker(celery_worker_if_broker):
    need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    from django.conf import settings

    from config.celery import app

    assert not settings.CELERY_TASK_ALWAYS_EAGER
    assert app.conf.broker_url.startswith("redis://")
    result = app.send_task("reporting.tasks.problem_report_forward", args=[0])
    assert result.get(timeout=15) is None  # a missing report is a no-op, done by the worker
    assert result.successful()
