"""Content Security Policy without 'unsafe-inline', and templates that need none.

The scan covers every template served as a page, and markup built in Python. WeasyPrint PDF
templates (a path with `/pdf/`, or named `*print*.html` / `*_pdf*.html`) and the modules that
build PDFs (`pdf*.py`) are left out: they are rendered on the server into PDFs (or printed),
never served under the policy.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
APPS = ["accounts", "allocations", "applications", "reporting", "config"]

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_TAG = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=\s*["'{]""", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
# In Python source only markup counts: a style= or on…= inside a tag, a <script> or <style>.
PYTHON_MARKUP = re.compile(
    r"""<[a-zA-Z][^<>"']*(?:["'][^"']*["'][^<>"']*)*\s(?:style|on[a-z]+)\s*=|<script\b|<style\b""",
    re.IGNORECASE,
)
DATA_BLOCK = re.compile(r"""\stype\s*=\s*["']application/(?:ld\+)?json["']""", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def is_pdf_template(path: Path) -> bool:
    posix = path.as_posix()
    return "/pdf/" in posix or "print" in path.name or "_pdf" in path.name


def served_templates() -> list[Path]:
    return sorted(
        path
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*.html")
        if not is_pdf_template(path)
    )


def violations(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if "src=" not in attributes.replace(" ", "") and not DATA_BLOCK.search(attributes):
            found.append("inline <script> without src")
    if STYLE_TAG.search(text):
        found.append("<style> element")
    if STYLE_ATTRIBUTE.search(text):
        found.append("style= attribute")
    if EVENT_HANDLER.search(text):
        found.append("inline event handler (on…=)")
    if JAVASCRIPT_URL.search(text):
        found.append("javascript: URL")
    return found


# ---------------------------------------------------------------------------
# The header
# ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_page_has_the_policy_without_unsafe_inline(client, seeded):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert policy(response) == EXPECTED
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_logged_in_page_has_the_same_policy(login):
    response = login("samordnare@jamtland.demo").get("/lan/jamtland/2025/")
    assert response.status_code == 200
    assert policy(response) == EXPECTED


@pytest.mark.django_db
def test_the_admin_works_with_a_nonce_for_its_own_inline_blocks(login):
    client = login("admin@lansmedel.demo")
    response = client.get(reverse("admin:allocations_county_changelist"))
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    nonces = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
    for nonce in nonces:
        assert f"'nonce-{nonce}'" in header
    assert client.get(reverse("admin:index")).status_code == 200


# ---------------------------------------------------------------------------
# The templates
# ---------------------------------------------------------------------------
def test_the_scan_finds_what_it_is_meant_to_find():
    assert violations("<script>alert(1)</script>") == ["inline <script> without src"]
    assert violations('<script src="/static/js/x.js" defer></script>') == []
    assert violations('<script type="application/json" id="d">{}</script>') == []
    assert violations("<style>p{}</style>") == ["<style> element"]
    assert violations('<p style="color: red">') == ["style= attribute"]
    assert violations('<button type="button" onclick="go()">') == ["inline event handler (on…=)"]
    assert violations('<a href="javascript:go()">') == ["javascript: URL"]
    assert violations('<p class="x" data-onclick="y">') == []


def test_the_pdf_templates_are_the_only_ones_left_out():
    left_out = [
        path.relative_to(ROOT).as_posix()
        for directory in TEMPLATE_DIRS
        for path in directory.rglob("*.html")
        if is_pdf_template(path)
    ]
    for name in left_out:
        assert "/pdf/" in name or "print" in name or "_pdf" in name
    assert "applications/templates/applications/print.html" in left_out


def test_no_served_template_needs_unsafe_inline():
    templates = served_templates()
    assert len(templates) > 50
    problems = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in templates
        for problem in violations(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "\n".join(problems)


def test_no_markup_built_in_python_needs_unsafe_inline():
    modules = [
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and not path.name.startswith("pdf")
    ]
    assert PYTHON_MARKUP.search("format_html('<span style=\"color: {}\">', c)")
    assert PYTHON_MARKUP.search("\"<button onclick='go()'>\"")
    assert not PYTHON_MARKUP.search("Font(style='bold')")
    problems = [
        f"{path.relative_to(ROOT)}: {match.group(0)[:60]}"
        for path in modules
        for match in PYTHON_MARKUP.finditer(path.read_text(encoding="utf-8"))
    ]
    assert problems == [], "\n".join(problems)
