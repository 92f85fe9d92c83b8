"""A file uploaded through one app process is downloaded through another: two web nodes
share the database (PostgreSQL when DATABASE_URL is set, else one SQLite file) and the
bucket, so neither keeps a file to itself."""

import os

import pytest
import requests
from django.conf import settings as django_settings

from allocations.agreements.services import DEMO_PASSWORD
from tests.storage.app_nodes import (
    AppNode,
    attachment_ids,
    draft_prepare,
    log_in,
    manage,
    node_environment,
)

# On PostgreSQL the nodes read the test database itself, so what the test makes is committed.
pytestmark = pytest.mark.django_db(transaction=True)

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"


def postgres_url() -> str:
    db = django_settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


@pytest.fixture
def nodes_database(tmp_path, s3_bucket):
    """(database URL, the draft's id): the test database itself on PostgreSQL, made and
    committed here; on SQLite a file both nodes open, migrated and filled by a process."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return postgres_url(), draft_prepare()
    url = f"sqlite:///{tmp_path / 'nodes.sqlite3'}"
    env = node_environment(database_url=url, bucket=s3_bucket, data_dir=tmp_path / "prepare")
    manage(env, "migrate", "--noinput", "-v", "0")
    out = manage(
        env,
        "shell",
        "-c",
        "from tests.storage.app_nodes import draft_prepare; print(draft_prepare())",
    )
    return url, int(out.strip().splitlines()[-1])


@pytest.fixture
def two_nodes(nodes_database, s3_bucket, tmp_path):
    url, _pk = nodes_database
    nodes = [
        AppNode(
            node_environment(database_url=url, bucket=s3_bucket, data_dir=tmp_path / name),
            tmp_path / f"{name}.log",
        )
        for name in ("web1", "web2")
    ]
    try:
        for node in nodes:
            node.wait_ready()
        yield nodes
    finally:
        for node in nodes:
            node.stop()


def test_a_file_uploaded_through_one_node_downloads_through_the_other(
    two_nodes, nodes_database, s3_bucket, tmp_path
):
    web1, web2 = two_nodes
    _url, pk = nodes_database
    browser = requests.Session()
    log_in(browser, web1, "sokande@ostersund.demo", DEMO_PASSWORD)
    browser.get(f"{web1.url}/ansokningar/{pk}/redigera/", timeout=30)
    response = browser.post(
        f"{web1.url}/ansokningar/{pk}/bilagor/",
        data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        files={"file": ("Projektplan.pdf", PDF_BYTES, "application/pdf")},
        allow_redirects=False,
        timeout=60,
    )
    assert response.status_code == 302, response.text[:2000]
    assert s3_bucket.object_keys() == [f"applications/{pk}/Projektplan.pdf"]

    # The same session, now answered by the other node.
    page = browser.get(f"{web2.url}/ansokningar/{pk}/redigera/", timeout=30)
    assert page.status_code == 200 and "Projektplan.pdf" in page.text
    (attachment_pk,) = attachment_ids(page.text, pk)
    download = browser.get(f"{web2.url}/ansokningar/{pk}/bilagor/{attachment_pk}/", timeout=30)
    assert download.status_code == 200
    assert download.content == PDF_BYTES
    assert "attachment" in download.headers["Content-Disposition"]

    # Another organisation's applicant gets nothing from either node.
    other = requests.Session()
    log_in(other, web2, "sokande@kfjh.demo", DEMO_PASSWORD)
    for node in (web1, web2):
        url = f"{node.url}/ansokningar/{pk}/bilagor/{attachment_pk}/"
        assert other.get(url, timeout=30).status_code == 404

    # Neither node wrote the file to its own disk.
    for name in ("web1", "web2"):
        private = tmp_path / name / "media" / "private"
        assert not private.exists() or not any(p.is_file() for p in private.rglob("*"))
