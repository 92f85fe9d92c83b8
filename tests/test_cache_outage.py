"""The page cache's Redis failing never loses a write and never shows a stale page.

A redis-server of the test's own on a free port is stopped (SIGTERM: connection refused)
or frozen (SIGSTOP: every call times out) under a logged-in applicant; nothing is mocked.
"""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
import redis
from django.core.cache import caches
from django.urls import reverse

from tests.applications.applying.test_views_applicant import form_data
from tests.services import need

pytestmark = pytest.mark.django_db


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
OUTAGE = "The cache (Redis) cannot be reached"
RECOVERY = "The cache (Redis) answers again"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """A redis-server keeping its data in `folder` across a restart (when told to save)."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.folder), "--dbfilename", "dump.rdb"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def save(self) -> None:
        redis.Redis(port=self.port).save()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(5)

    def keys(self) -> int:
        return redis.Redis(port=self.port).dbsize()

    @contextmanager
    def frozen(self):
        """Redis accepts connections and never answers, as a hung server does."""
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def own_redis(settings, tmp_path):
    need(os.path.exists(REDIS_SERVER), "redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "KEY_PREFIX": "outage-test",
            "OPTIONS": {"socket_timeout": 0.3, "socket_connect_timeout": 0.3, "retry_after": 0.5},
        }
    }
    yield server
    caches["default"].close()
    if server.process.poll() is None:
        os.kill(server.process.pid, signal.SIGCONT)
        server.stop()


def edit(client, application, **fields):
    data = form_data(application.call, revision=str(application.revision), save="", **fields)
    return client.post(reverse("applications:application_edit", args=[application.pk]), data)


def logged(caplog, message: str) -> int:
    return sum(message in record.getMessage() for record in caplog.records)


def test_with_redis_down_drafts_are_saved_and_pages_shown(own_redis, login, complete_draft, caplog):
    client = login("sokande@ostersund.demo")
    assert client.get(reverse("applications:my_applications")).status_code == 200
    own_redis.stop()
    caplog.set_level(logging.WARNING, logger="config.cache")

    response = edit(client, complete_draft, description="Skrivet när cachen låg nere.")
    assert response.status_code == 302
    complete_draft.refresh_from_db()
    assert complete_draft.description == "Skrivet när cachen låg nere."
    autosave = client.post(
        reverse("applications:autosave", args=[complete_draft.pk]),
        form_data(complete_draft.call, revision=str(complete_draft.revision), title="Autosparat"),
    )
    assert autosave.status_code == 200
    for url in (
        reverse("applications:my_applications"),
        reverse("applications:application_detail", args=[complete_draft.pk]),
        reverse("applications:application_edit", args=[complete_draft.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "Autosparat" in page.content.decode()
    assert logged(caplog, OUTAGE) == 1  # once, not per request


def test_a_hanging_redis_costs_requests_little(own_redis, login, complete_draft, caplog):
    client = login("sokande@ostersund.demo")
    cache = caches["default"]
    with own_redis.frozen():
        caplog.set_level(logging.WARNING, logger="config.cache")
        for n in range(8):
            complete_draft.refresh_from_db()
            assert edit(client, complete_draft, title=f"Version {n}").status_code == 302
            assert client.get(reverse("applications:my_applications")).status_code == 200
        # Sixteen requests, each touching the cache several times: only a few waited for
        # Redis's timeout; the rest knew it was down and went on at once.
        assert cache.failures <= 6, cache.failures
    complete_draft.refresh_from_db()
    assert complete_draft.title == "Version 7"
    assert logged(caplog, OUTAGE) == 1


def test_after_an_outage_no_page_is_stale(own_redis, login, complete_draft, caplog):
    """Redis restarts with the data it saved: the part showing the old title is still
    there under the version it had, which the write in between could not move."""
    client = login("sokande@ostersund.demo")
    listing = reverse("applications:my_applications")
    assert edit(client, complete_draft, title="Handlingsplan före").status_code == 302
    assert "Handlingsplan före" in client.get(listing).content.decode()
    assert own_redis.keys() > 0  # the page's parts are cached in Redis
    own_redis.save()
    own_redis.stop()

    caplog.set_level(logging.INFO, logger="config.cache")
    complete_draft.refresh_from_db()
    assert edit(client, complete_draft, title="Handlingsplan efter").status_code == 302
    assert "Handlingsplan efter" in client.get(listing).content.decode()
    own_redis.start()
    assert own_redis.keys() > 0  # the old part is back
    time.sleep(0.6)  # past retry_after: the next request tries Redis again

    html = client.get(listing).content.decode()
    assert "Handlingsplan efter" in html and "Handlingsplan före" not in html
    assert logged(caplog, OUTAGE) == 1 and logged(caplog, RECOVERY) == 1
    assert "Handlingsplan efter" in client.get(listing).content.decode()  # cached again
