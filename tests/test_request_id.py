"""The request id: taken from the proxy's X-Request-ID or made, answered in the same header,
on every log record of the request and of the tasks it queues; LOG_FORMAT=json makes each
log line a JSON object."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from config import logs
from config.celery import app

pytestmark = pytest.mark.django_db


@app.task(name="tests.request_id_of_task")
def request_id_of_task() -> str:
    logging.getLogger("tests.task").info("task ran")
    return logs.request_id.get()


def test_the_proxys_id_is_echoed():
    response = Client().get("/halsa/", HTTP_X_REQUEST_ID="lb-7f3a-0001")
    assert response["X-Request-ID"] == "lb-7f3a-0001"


def test_without_one_an_id_is_made_for_each_request():
    first, second = (Client().get("/halsa/")["X-Request-ID"] for _ in range(2))
    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_an_id_that_could_forge_log_lines_is_replaced():
    response = Client().get("/halsa/", HTTP_X_REQUEST_ID="x\nERROR forged line")
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_every_log_record_of_the_request_carries_its_id(caplog):
    with caplog.at_level(logging.INFO):
        Client().get("/finns-inte/", HTTP_X_REQUEST_ID="req-404-test")
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the 404 is logged"
    assert {r.request_id for r in records} == {"req-404-test"}
    with caplog.at_level(logging.INFO):
        logging.getLogger("tests.after").info("between requests")
    assert caplog.records[-1].request_id == logs.NO_REQUEST


def test_a_task_logs_the_id_of_the_request_that_queued_it(celery_worker_if_broker):
    token = logs.request_id.set("queued-by-req-1")
    try:
        result = request_id_of_task.delay()
    finally:
        logs.request_id.reset(token)
    assert result.get(timeout=20) == "queued-by-req-1"


def test_log_format_json_writes_one_json_object_a_line(tmp_path):
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "LOG_FORMAT": "json",
        "LANSMEDEL_DATA_DIR": str(tmp_path),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    code = (
        "import logging; from config import logs; logs.request_id.set('job-42'); "
        "logging.getLogger('lansmedel.test').warning('Beslut \u00e4r fattat')"
    )
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    lines = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    entry = next(e for e in lines if e["logger"] == "lansmedel.test")
    assert entry["message"] == "Beslut är fattat"
    assert entry["level"] == "WARNING" and entry["request_id"] == "job-42"
    assert entry["time"].endswith("+00:00")
