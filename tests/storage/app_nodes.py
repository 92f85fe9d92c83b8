"""Two app processes (`manage.py runserver --noreload`) on one database and one bucket, as
two web nodes behind a proxy; driven over HTTP like a browser."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.s3_server import Bucket, free_port

ROOT = Path(__file__).resolve().parents[2]
# Users made by the test process carry its cheap hashes; the nodes accept them (and make them).
HASHERS = (
    "django.contrib.auth.hashers.MD5PasswordHasher,django.contrib.auth.hashers.PBKDF2PasswordHasher"
)


def draft_prepare() -> int:
    """The 2025 data, the demo log-ins and a draft of Östersunds kommun; its id."""
    from allocations.agreements.services import agreement_year_load, demo_users_create, read_seed
    from allocations.models import County, Organisation
    from tests.applications.factories import make_application, make_call

    agreement = agreement_year_load(data=read_seed("agreement_2025.toml"))
    demo_users_create(data=read_seed("demo_users.toml"))
    from django.contrib.auth import get_user_model

    applicant = get_user_model().objects.get(username="sokande@ostersund.demo")
    call = make_call(County.objects.get(slug="jamtland"), agreement)
    organisation = Organisation.objects.get(name="Östersunds kommun")
    return make_application(call, organisation, applicant, title="Insats").pk


def node_environment(*, database_url: str, bucket: Bucket, data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LANSMEDEL_", "AWS_"))
    }
    env.update(
        bucket.environment(),
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="1",
        DJANGO_PASSWORD_HASHERS=HASHERS,
        DATABASE_URL=database_url,
        LANSMEDEL_DATA_DIR=str(data_dir),
        CACHE_DIR=str(data_dir / "cache"),
        PYTHONPATH=str(ROOT),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class AppNode:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{self.url}/logga-in/", timeout=2).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            assert self.process.poll() is None, f"the app process ended: see {self.log.name}"
            assert time.monotonic() < deadline, f"the app process did not answer: {self.log.name}"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        self.log.close()


def log_in(session: requests.Session, node: AppNode, email: str, password: str) -> None:
    session.get(f"{node.url}/logga-in/", timeout=10)
    response = session.post(
        f"{node.url}/logga-in/",
        data={
            "username": email,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": f"{node.url}/logga-in/"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:2000]


def attachment_ids(html: str, application_pk: int) -> list[int]:
    return [int(n) for n in re.findall(rf"/ansokningar/{application_pk}/bilagor/(\d+)/\"", html)]
