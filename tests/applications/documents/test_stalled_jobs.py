"""A worker lost mid-task: its document or export shows as stopped, with a button to start it
again, instead of "running" for an hour; started again, it is made once.

The last test kills a real worker process (SIGKILL) while it generates a document, on the
real PostgreSQL and Redis; the others set a job's last sign of life back in time.
"""

import datetime
import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from allocations.models import County
from applications.documents.services import document_request
from applications.models import DocumentKind, GeneratedDocument, JobState
from reporting.exports.services import export_job_request
from reporting.models import ExportJob, ExportState
from tests.applications.decision_helpers import open_meeting
from tests.services import need, wait_until

COORDINATOR = "samordnare@jamtland.demo"
LONG_AGO = datetime.timedelta(minutes=10)


@pytest.fixture
def coordinator(seeded, django_user_model):
    return django_user_model.objects.get(username=COORDINATOR)


@pytest.fixture
def meeting(seeded, coordinator):
    return open_meeting(County.objects.get(slug="jamtland"), seeded, coordinator)


def panel_url(meeting) -> str:
    return reverse("applications:decision_meeting", args=["jamtland", meeting.pk])


def retry_url(document) -> str:
    return reverse("applications:decision_document_retry", args=["jamtland", document.pk])


def lost(document: GeneratedDocument) -> None:
    """As a worker killed while rendering leaves it."""
    long_ago = timezone.now() - LONG_AGO
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=JobState.RUNNING, started_at=long_ago, heartbeat_at=long_ago
    )


@pytest.mark.django_db
def test_a_document_whose_worker_was_lost_shows_stopped_and_starts_again(
    meeting, coordinator, login, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=False):  # the task never runs
        document = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
        )
    lost(document)
    client = login(COORDINATOR)
    html = client.get(panel_url(meeting)).content.decode()
    assert "Har stannat" in html and "Starta igen" in html and retry_url(document) in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(document), {"next": panel_url(meeting)})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == JobState.DONE, document.error
    assert document.attempts == 1 and document.size > 0
    assert GeneratedDocument.objects.filter(meeting=meeting).count() == 1  # the same version


@pytest.mark.django_db
def test_a_document_still_being_made_is_not_started_twice(
    meeting, coordinator, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
        )
    now = timezone.now()
    GeneratedDocument.objects.filter(pk=document.pk).update(
        state=JobState.RUNNING, started_at=now, heartbeat_at=now
    )
    client = login(COORDINATOR)
    assert "Starta igen" not in client.get(panel_url(meeting)).content.decode()
    response = client.post(retry_url(document), {"next": panel_url(meeting)}, follow=True)
    assert "har stannat kan startas igen" in response.content.decode()
    document.refresh_from_db()
    assert document.state == JobState.RUNNING


@pytest.fixture
def lost_export(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = export_job_request(
            kind="budget_grants",
            format="csv",
            params={"county_id": County.objects.get(slug="jamtland").pk, "year": 2025},
            user=coordinator,
        )
    long_ago = timezone.now() - LONG_AGO
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportState.RUNNING, started_at=long_ago, heartbeat_at=long_ago, progress=40
    )
    return job


@pytest.mark.django_db
def test_an_export_whose_worker_was_lost_shows_stopped_and_its_requester_starts_it_again(
    lost_export, login, client, django_capture_on_commit_callbacks, monkeypatch
):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    page = reverse("reporting:export_job", args=[lost_export.pk])
    status = reverse("reporting:export_status", args=[lost_export.pk])
    restart = reverse("reporting:export_restart", args=[lost_export.pk])

    # Someone else: not even told the job exists.
    other = login("samordnare@dalarna.demo")
    assert other.post(restart).status_code == 404
    other.logout()

    owner = login(COORDINATOR)
    html = owner.get(page).content.decode()
    assert "Arbetet har stannat" in html and "Starta igen" in html
    assert owner.get(status).json()["stalled"] is True  # the page's script shows it too
    with django_capture_on_commit_callbacks(execute=True):
        assert owner.post(restart).status_code == 302
    lost_export.refresh_from_db()
    assert lost_export.state == ExportState.DONE, lost_export.error
    assert lost_export.attempts == 1 and lost_export.file
    assert owner.get(status).json()["stalled"] is False
    # Done is done: starting it again is refused with a message.
    response = owner.post(restart, follow=True)
    assert "har inte stannat" in response.content.decode()


@pytest.mark.django_db
def test_a_redelivered_task_takes_over_a_stalled_export_but_never_a_live_one(lost_export):
    from reporting.messaging.jobs import export_job_start

    assert export_job_start(job_id=lost_export.pk)  # its worker was lost: taken over
    assert not export_job_start(job_id=lost_export.pk)  # now alive: a second delivery waits


# --- a real worker, killed -------------------------------------------------------------


def start_worker_process(database: str, **env) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker"]
        + ["--pool", "prefork", "--concurrency", "1", "--loglevel", "WARNING"]
        + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=env,
        start_new_session=True,  # its own process group: killed with its children
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(worker: subprocess.Popen) -> None:
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(10)


@pytest.fixture
def real_worker_world(transactional_db, seeded, coordinator, settings):
    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    need(bool(os.environ.get("REDIS_URL")), "Redis (REDIS_URL)")
    from config.celery import app

    app.control.purge()
    settings.JOB_STALLED_AFTER = 3
    meeting = open_meeting(County.objects.get(slug="jamtland"), seeded, coordinator)
    workers: list[subprocess.Popen] = []
    yield meeting, workers
    for worker in workers:
        if worker.poll() is None:
            kill(worker)


def killed_mid_document(meeting, coordinator, workers) -> GeneratedDocument:
    """A decision document whose worker was killed while making it."""
    database = connection.settings_dict["NAME"]
    worker = start_worker_process(database)
    workers.append(worker)
    # The test holds the version's row as soon as the worker has started on it, so the
    # worker cannot finish: it is killed mid-task, for certain.
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={database}") as holder:
        document = document_request(
            meeting=meeting, kind=DocumentKind.DECISION_DOCUMENT, user=coordinator
        )

        def running() -> bool:
            document.refresh_from_db()
            return document.state == JobState.RUNNING

        wait_until(running, seconds=60)
        holder.execute(
            f"SELECT 1 FROM {GeneratedDocument._meta.db_table} WHERE id = %s FOR UPDATE",
            [document.pk],
        )
        time.sleep(1.5)  # the worker renders and waits on the row
        kill(worker)
        # The killed worker's statement still waits in its server process, which
        # PostgreSQL ends once it notices the client is gone; end it now.
        holder.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND wait_event_type = 'Lock'"
        )
        holder.rollback()
    document.refresh_from_db()
    assert document.state == JobState.RUNNING and not document.is_stalled
    return document


def made_once(document: GeneratedDocument, meeting) -> None:
    def done() -> bool:
        document.refresh_from_db()
        return document.is_finished

    wait_until(done, seconds=90)
    assert document.state == JobState.DONE, document.error
    assert document.size > 0 and document.attempts == 2
    assert GeneratedDocument.objects.filter(meeting=meeting).count() == 1


@pytest.mark.services
def test_a_worker_killed_mid_document_leaves_it_stopped_and_the_button_has_it_made_once(
    real_worker_world, coordinator, login
):
    meeting, workers = real_worker_world
    document = killed_mid_document(meeting, coordinator, workers)
    time.sleep(3.5)  # no sign of life past JOB_STALLED_AFTER
    client = login(COORDINATOR)
    html = client.get(panel_url(meeting)).content.decode()
    assert "Har stannat" in html and "Starta igen" in html

    response = client.post(retry_url(document), {"next": panel_url(meeting)})
    assert response.status_code == 302
    workers.append(start_worker_process(connection.settings_dict["NAME"]))
    made_once(document, meeting)


@pytest.mark.services
def test_the_broker_hands_a_killed_workers_task_to_the_next_worker_by_itself(
    real_worker_world, coordinator
):
    """Nobody presses the button: after the visibility timeout the task is delivered again
    and takes the stalled version over."""
    meeting, workers = real_worker_world
    document = killed_mid_document(meeting, coordinator, workers)
    workers.append(
        start_worker_process(
            connection.settings_dict["NAME"], CELERY_VISIBILITY_TIMEOUT="4", JOB_STALLED_AFTER="3"
        )
    )
    made_once(document, meeting)
