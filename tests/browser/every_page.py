"""Every page of every role, checked by axe-core against WCAG 2.1 A and AA (the roles are
checked in three test files, `test_pages_accessible_*.py`, so that they run side by side).

The pages are those of the authorization matrix (tests/test_authorization_matrix.py): its
world of objects (tests/matrix_fixtures.py), its roles and its URLs. A role's pages are the
patterns the matrix lets it GET with a 200 that answer it with an HTML page (downloads, PDFs,
calendar feeds and JSON are not pages). Each role gets one browser context, signed in with
the demo user's session, and loads its pages one after the other in a single tab; axe runs
on each as it loads (tests/browser/axe.py), and once more with the window narrowed to 320
CSS pixels, the width WCAG 1.4.10 (reflow) asks content to work at. The test fails with one
list of every violation on every page: page, rule, the roles that saw it, and the elements
it hit.

The Django admin and the read API's documentation (Swagger UI) are left out: their pages
are Django's and Swagger UI's own, and the accessibility statement lists them as not
reviewed or not complying.
"""

from collections import defaultdict
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.test import Client

from allocations.agreements.services import DEMO_PASSWORD
from tests.browser.axe import AxeCollector, install, run_axe, settle
from tests.browser.conftest import TIMEOUT_MS
from tests.matrix_fixtures import build_world
from tests.test_authorization_matrix import (
    LOGINS,
    PATTERNS,
    HtmlAsPdf,
    rule_for,
    url_for,
)

# Patterns that are no page to look at: they act, or end the session, on a GET.
NOT_PAGES = frozenset({"logout", "set_language"})
# Third-party pages the accessibility statement lists as not complying: the read API's
# documentation is Swagger UI's own page.
THIRD_PARTY = frozenset({"api:v1:docs"})

WIDE = {"width": 1280, "height": 720}
# WCAG 1.4.10: content reflows at 320 CSS pixels (tables may scroll, by keyboard too).
NARROW = {"width": 320, "height": 720}


@dataclass(frozen=True)
class RolePage:
    name: str  # the URL pattern's name
    url: str  # path and query, as the matrix builds it


@pytest.fixture
def world(seeded, settings, monkeypatch):
    import weasyprint

    settings.DEMO_MODE = True  # the demo users sign in without two-factor, as in `make run`
    monkeypatch.setattr(weasyprint, "HTML", HtmlAsPdf)
    monkeypatch.setattr(weasyprint, "CSS", lambda **kwargs: None)
    return build_world(seeded)


def _client_for(role: str) -> Client:
    client = Client()
    client.raise_request_exception = False
    if LOGINS[role]:
        assert client.login(username=LOGINS[role], password=DEMO_PASSWORD), role
    return client


def _is_page(response) -> bool:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return False
    content_type = response.get("Content-Type", "")
    disposition = response.get("Content-Disposition", "")
    return content_type.startswith("text/html") and "attachment" not in disposition


def pages_of(role: str, world) -> tuple[Client, list[RolePage]]:
    """The pages the matrix lets `role` see, and a client signed in as the role."""
    client = _client_for(role)
    found = []
    for pattern in PATTERNS:
        rule = rule_for(pattern.name)
        if pattern.name.startswith("admin:") or pattern.name in NOT_PAGES | THIRD_PARTY:
            continue
        if rule is None:
            continue
        expected = rule.expected(role, "get")
        if expected is None or 200 not in expected:
            continue
        url = url_for(pattern, world)
        if _is_page(client.get(url)):
            found.append(RolePage(pattern.name, url))
    return client, found


def _visit(browser, live_server, role: str, client: Client, pages: list[RolePage]):
    """Load the role's pages in one context; axe reports each to the collector as it loads.
    Returns the collector, the violations found at 320 pixels ({path: violations}), and the
    pages that did not load as the matrix says."""
    collector = AxeCollector()
    context = browser.new_context(locale="sv-SE", base_url=live_server.url, viewport=WIDE)
    context.set_default_timeout(TIMEOUT_MS)
    install(context, collector)
    if LOGINS[role]:
        name = django_settings.SESSION_COOKIE_NAME
        context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )
    page = context.new_page()
    page.on("load", lambda p: collector.loaded.append(p.url))
    wrong = []
    narrow = {}
    try:
        for role_page in pages:
            page.set_viewport_size(WIDE)
            response = page.goto(role_page.url)
            status = response.status if response else None
            if status != 200 or not page.url.endswith(role_page.url):
                wrong.append(f"- {role_page.url} [{role_page.name}]: {status} at {page.url}")
                continue
            settle(page)
            page.set_viewport_size(NARROW)
            narrow[f"{role_page.url} (320 px)"] = run_axe(page)
        settle(page)
    finally:
        context.close()
    return collector, narrow, wrong


def _report(found: dict[tuple[str, str], dict], problems: list[str]) -> str:
    """One readable list: per page, each rule with the roles that saw it and its targets."""
    lines = []
    by_page = defaultdict(list)
    for (path, rule), entry in sorted(found.items()):
        by_page[path].append((rule, entry))
    for path, rules in by_page.items():
        lines.append(f"{path} [{rules[0][1]['name']}]")
        for rule, entry in rules:
            roles = ", ".join(sorted(entry["roles"]))
            lines.append(f"  {rule} ({entry['impact']}): {entry['help']}  — roles: {roles}")
            for target in sorted(entry["targets"])[:8]:
                lines.append(f"    at {target}")
            if len(entry["targets"]) > 8:
                lines.append(f"    … and {len(entry['targets']) - 8} more")
    return "\n".join(lines + problems)


def assert_pages_accessible(browser, live_server, world, roles) -> None:
    """Fail with one list of every violation on every page of `roles`."""
    found: dict[tuple[str, str], dict] = {}
    problems: list[str] = []
    checked = 0
    for role in roles:
        client, pages = pages_of(role, world)
        assert pages, f"{role} sees no page at all"
        names = {p.url: p.name for p in pages}
        collector, narrow, wrong = _visit(browser, live_server, role, client, pages)
        problems += [f"{role}: {line}" for line in wrong]
        reported = [(r.url.removeprefix(live_server.url), r.violations) for r in collector.reports]
        problems += [
            f"{role}: axe-core failed on {r.url}: {r.error}" for r in collector.reports if r.error
        ]
        for path, violations in reported + list(narrow.items()):
            for violation in violations:
                entry = found.setdefault(
                    (path, violation["id"]),
                    {
                        "name": names.get(path.removesuffix(" (320 px)"), "?"),
                        "impact": violation.get("impact"),
                        "help": violation.get("help"),
                        "roles": set(),
                        "targets": set(),
                    },
                )
                entry["roles"].add(role)
                entry["targets"].update(
                    ", ".join(node.get("target", [])) for node in violation.get("nodes", [])
                )
        problems += [f"{role}: axe-core did not report on {url}" for url in collector.unchecked()]
        checked += len(pages)
    assert checked >= len(roles), "the roles' pages were not found"
    assert not found and not problems, (
        f"{len(found)} violations (page × rule) on {checked} page loads:\n"
        + _report(found, problems)
    )
