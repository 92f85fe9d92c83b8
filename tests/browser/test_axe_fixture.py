"""The axe-core net itself: it must catch a bad page, and stay quiet on a good one.

It holds pages to WCAG 2.1 A and AA: a minor or moderate violation of those fails as surely as
a critical one, while axe's best-practice rules outside them are not run. The pages here are
served by `page.route` on made-up paths under the live server, so these tests depend only on
the browser and axe-core, not on the application's templates.
"""

import pytest

from tests.browser.axe import assert_accessible, blocking, run_axe, settle

pytestmark = pytest.mark.browser

GOOD = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""

PIXEL = "data:image/gif;base64,R0lGODlhAQABAAAAACw="

BAD_BODY = f"""
<img src="{PIXEL}" width="40" height="40">
<form><input type="text" name="namn"></form>
"""

# WCAG 2.1 A, but neither serious nor critical: a deprecated ARIA role (minor, 4.1.2) and
# a page language given twice, differently (moderate, 3.1.1).
MILD = """<!doctype html>
<html lang="sv" xml:lang="en"><head><meta charset="utf-8"><title>Mild</title></head>
<body><main><h1>Mild</h1>
<div role="directory"><a href="#a">Innehåll</a></div>
</main></body></html>"""

# Against axe's best practice only: a heading level skipped and text outside every landmark.
BEST_PRACTICE_ONLY = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Praxis</title></head>
<body><main><h1>Praxis</h1><h4>Djupt ner</h4></main><p>Utanför landmärkena</p></body></html>"""

FORM_BODY = """
<form method="post" action="/__axe/skicka/">
  <label for="namn">Namn</label> <input id="namn" name="namn" value="Test">
  <button type="submit">Skicka</button>
</form>
"""


def _serve(page, live_server, path, html, status=200, headers=None):
    def fulfill(route):
        route.fulfill(
            status=status, body=html, content_type="text/html; charset=utf-8", headers=headers
        )

    page.route(f"{live_server.url}{path}", fulfill)
    return f"{live_server.url}{path}"


def test_a_bad_page_is_reported_with_rule_and_selector(page, live_server, axe_collector):
    url = _serve(page, live_server, "/__axe/dalig/", GOOD.format(title="Dålig", body=BAD_BODY))

    page.goto("/__axe/dalig/")
    settle(page)

    assert axe_collector.urls() == [url]
    assert {"image-alt", "label"} <= {v["id"] for v in blocking(axe_collector.violations(url))}
    problems = axe_collector.problems()
    assert "image-alt" in problems and "critical" in problems
    assert "at img" in problems and url in problems

    axe_collector.clear()  # the violations were the point of this test


def test_a_minor_or_moderate_wcag_violation_fails(page, live_server, axe_collector):
    url = _serve(page, live_server, "/__axe/mild/", MILD)

    page.goto("/__axe/mild/")
    settle(page)

    impacts = {v["id"]: v["impact"] for v in blocking(axe_collector.violations(url))}
    assert impacts == {"aria-deprecated-role": "minor", "html-xml-lang-mismatch": "moderate"}
    problems = axe_collector.problems()
    assert "[minor] aria-deprecated-role" in problems
    assert "[moderate] html-xml-lang-mismatch" in problems

    axe_collector.clear()


def test_a_best_practice_rule_outside_wcag_does_not_fail(page, live_server, axe_collector):
    url = _serve(page, live_server, "/__axe/praxis/", BEST_PRACTICE_ONLY)

    page.goto("/__axe/praxis/")
    settle(page)

    assert axe_collector.urls() == [url]
    assert axe_collector.problems() == ""
    assert run_axe(page) == []
    # The page does break those rules: axe finds them when asked for them by name.
    asked = page.evaluate(
        """async () => (await axe.run(document, {runOnly: ["heading-order", "region"]}))
            .violations.map((v) => v.id)"""
    )
    assert sorted(asked) == ["heading-order", "region"]


def test_a_good_page_passes(page, live_server, axe_collector):
    url = _serve(page, live_server, "/__axe/bra/", GOOD.format(title="Bra", body=FORM_BODY))

    page.goto("/__axe/bra/")
    settle(page)

    assert axe_collector.urls() == [url]
    assert blocking(axe_collector.violations()) == []
    assert axe_collector.problems() == ""


def test_pages_passed_through_and_reached_by_post_and_redirect_are_checked(
    page, live_server, axe_collector
):
    form = _serve(page, live_server, "/__axe/formular/", GOOD.format(title="Form", body=FORM_BODY))
    # Playwright does not route the request that follows a redirect, so /__axe/klart/ is the
    # application's own (404) page: what matters is that axe ran on it after POST + 303.
    redirect = {"Location": "/__axe/klart/"}
    _serve(page, live_server, "/__axe/skicka/", "", status=303, headers=redirect)
    done = f"{live_server.url}/__axe/klart/"

    page.goto("/__axe/formular/")
    page.get_by_role("button", name="Skicka").click()  # at once: axe may still be running
    page.wait_for_url(done)
    settle(page)

    assert axe_collector.urls() == [form, done]
    assert all(report.error is None for report in axe_collector.reports)


def test_a_page_answering_a_post_is_checked(page, live_server, axe_collector):
    form = _serve(page, live_server, "/__axe/formular/", GOOD.format(title="Form", body=FORM_BODY))
    done = _serve(page, live_server, "/__axe/skicka/", GOOD.format(title="Svar", body=BAD_BODY))

    page.goto("/__axe/formular/")
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    settle(page)

    assert axe_collector.urls() == [form, done]
    assert axe_collector.violations(form) == []
    assert "image-alt" in axe_collector.rule_ids(done)

    axe_collector.clear()


def test_a_page_left_at_once_is_still_checked(page, live_server, axe_collector):
    # The page submits itself as soon as it has loaded, while axe is still running on it:
    # the navigation guard must hold the POST until axe has reported. The POST goes to the
    # live server itself (a 404 page), as a `page.route` handler would bypass the guard.
    # Plenty of content keeps axe busy for a while (several hundred milliseconds).
    filler = "".join(f'<p>Stycke {i} <a href="#s{i}">länk {i}</a></p>' for i in range(600))
    leaving = GOOD.format(
        title="Bort",
        body=BAD_BODY + FORM_BODY.replace("/__axe/skicka/", "/__axe/verklig/") + filler,
    ).replace("<body>", '<body onload="setTimeout(() => document.forms[1].submit(), 0)">')
    first = _serve(page, live_server, "/__axe/bort/", leaving)
    done = f"{live_server.url}/__axe/verklig/"

    page.goto("/__axe/bort/", wait_until="commit")
    page.wait_for_url(done)
    settle(page)

    assert axe_collector.urls() == [first, done]
    assert "image-alt" in axe_collector.rule_ids(first)

    axe_collector.clear()


def test_assert_accessible_checks_content_changed_in_the_page(page):
    page.set_content(GOOD.format(title="Ändrad", body=BAD_BODY))

    with pytest.raises(AssertionError, match=r"\[critical\] (image-alt|label)"):
        assert_accessible(page)

    page.set_content(GOOD.format(title="Ändrad", body=FORM_BODY))
    assert_accessible(page)
