"""The health endpoint a load balancer and monitoring ask: JSON, 200 when the database,
Redis, the file stores and the worker answer, 503 naming what does not — never a traceback,
never an address or a setting."""

import json
import os

from django.test import Client

from tests.services import need

URLS = ("/halsa/", "/health/")
DEAD_REDIS = "redis://127.0.0.1:1/0"


def health(client: Client, url: str = "/halsa/"):
    response = client.get(url)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def test_all_fine_is_200_with_every_check_named(celery_worker_if_broker):
    for url in URLS:
        response, body = health(Client(), url)
        assert response.status_code == 200, body
        assert body["status"] == "ok" and body["failing"] == []
        assert set(body["checks"]) == {"database", "redis", "storage", "worker"}
        assert body["checks"]["database"]["status"] == "ok"
        assert body["checks"]["storage"]["status"] == "ok"
        assert "no-cache" in response["Cache-Control"]


def test_the_worker_answers_or_tasks_run_in_process(celery_worker_if_broker):
    _response, body = health(Client())
    if os.environ.get("REDIS_URL"):
        assert body["checks"]["redis"]["status"] == "ok"
        assert body["checks"]["worker"]["status"] == "ok", body
    else:
        assert body["checks"]["redis"]["status"] == "not configured"
        assert body["checks"]["worker"]["status"] == "in-process"


def test_with_redis_down_it_is_503_naming_redis(db, settings):
    settings.REDIS_URL = DEAD_REDIS
    settings.CELERY_BROKER_URL = DEAD_REDIS
    response, body = health(Client())
    assert response.status_code == 503
    assert "redis" in body["failing"] and body["status"] == "failing"
    assert body["checks"]["redis"]["status"] == "failing"
    assert body["checks"]["database"]["status"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # no address shown


def test_a_store_that_cannot_be_written_is_503_naming_storage(db, settings, tmp_path):
    blocked = tmp_path / "read-only"
    blocked.write_text("a file where the store's folder should be")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked / "media")},
        },
    }
    response, body = health(Client())
    assert response.status_code == 503
    assert "storage" in body["failing"]
    assert str(tmp_path) not in response.content.decode()


def test_the_probe_leaves_no_file_behind(db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "store")},
        },
    }
    health(Client())
    assert list((tmp_path / "store").rglob("*.txt")) == []


def test_it_shows_no_secret(celery_worker_if_broker, settings):
    text = Client().get("/halsa/").content.decode()
    for secret in (settings.SECRET_KEY, os.environ.get("DATABASE_URL"), settings.REDIS_URL):
        if secret:
            assert secret not in text
    assert "postgres" not in text and "sqlite" not in text


def test_only_get(db):
    assert Client().post("/halsa/").status_code == 405


def test_with_services_required_the_real_worker_answers(celery_worker_if_broker):
    need(bool(os.environ.get("REDIS_URL")), "Redis and a Celery worker")
    _response, body = health(Client())
    assert body["checks"]["worker"]["status"] == "ok", body
