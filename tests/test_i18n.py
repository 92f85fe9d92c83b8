"""Swedish first: every UI string marked for translation has a Swedish text."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import need

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    "manage.py",
    "config",
    "accounts",
    "allocations",
    "applications",
    "reporting",
    "templates",
    "locale",
]


def untranslated(po_text: str) -> list[str]:
    missing = []
    for block in po_text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        key = "".join(line[1:-1] for line in msgid.group(1).strip().split("\n"))
        value = "".join(line[1:-1] for line in msgstr.group(1).strip().split("\n"))
        if key and (not value or "#, fuzzy" in block):
            missing.append(key)
    return missing


def test_the_committed_swedish_catalogue_is_complete():
    po = (ROOT / "locale/sv/LC_MESSAGES/django.po").read_text()
    assert untranslated(po) == []


def test_every_marked_string_in_the_source_is_in_the_swedish_catalogue(tmp_path):
    need(shutil.which("xgettext") is not None, "GNU gettext (xgettext)")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    po = (tmp_path / "locale/sv/LC_MESSAGES/django.po").read_text()
    assert untranslated(po) == [], "run `make messages` and translate the new strings"


@pytest.mark.django_db
def test_swedish_is_the_default_whatever_the_browser_asks(client):
    html = client.get("/tillganglighet/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in html
    assert "Tillgänglighetsredogörelse för Länsmedel" in html


@pytest.mark.django_db
def test_english_through_the_language_switch(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tillganglighet/"})
    assert response.status_code == 302
    html = client.get("/tillganglighet/").content.decode()
    assert 'lang="en"' in html
    assert "Accessibility statement for Länsmedel" in html
