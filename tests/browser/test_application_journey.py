"""An applicant writes, saves, attaches to and submits an application in a real browser.

The journey of `sokande@ostersund.demo` (Östersunds kommun) in the Swedish UI: log in, find
the open call through "Mina ansökningar", start a draft, type without pressing save and
reload (autosave: a closed tab loses nothing), fill the budget and see the live total, attach
a PDF, submit, read the case number and get the receipt by e-mail (through the real Celery
worker when REDIS_URL is set). axe-core checks every page on the way (the `page` fixture).

Selectors are ids, names and URLs rather than texts where they can be: newly added strings
may still be untranslated and show in English.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from applications.models import Application, Status
from tests.browser.axe import settle
from tests.services import wait_until

pytestmark = pytest.mark.browser

# The call and its county come from the applications' fixtures.

APPLICANT = "sokande@ostersund.demo"
CASE_NUMBER = "23-2025-0001"
SAVED = re.compile(r"(Utkastet sparades|Draft saved) \d{2}:\d{2}:\d{2}")
KRONOR_150_000 = re.compile(r"^\s*150[\s\u00a0]000[\s\u00a0]kr\s*$")
DETAIL_URL = re.compile(r"/ansokningar/(\d+)/$")
EDIT_URL = re.compile(r"/ansokningar/(\d+)/redigera/$")

# A small but well-formed PDF: one empty A4 page, with a correct cross-reference table.
_PDF_OBJECTS = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def tiny_pdf() -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(_PDF_OBJECTS, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(_PDF_OBJECTS) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(_PDF_OBJECTS) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _log_in(page, email: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _draft_saved(application_id: int, **expected) -> bool:
    application = Application.objects.get(pk=application_id)
    return all(getattr(application, name) == value for name, value in expected.items())


def test_applicant_writes_autosaves_attaches_and_submits(
    transactional_db,
    celery_worker_if_broker,
    page,
    live_server,
    seeded,
    open_call,
    axe_collector,
):
    mail.outbox.clear()
    focus_area_4 = open_call.focus_areas.get(number=4)

    # 1. Log in; the start page leads to "Mina ansökningar" and the open calls.
    _log_in(page, APPLICANT)
    page.locator("main a[href='/ansokningar/']").first.click()
    page.wait_for_url(re.compile(r"/ansokningar/$"))

    # 2. Open the call and start writing.
    page.get_by_role("link", name=open_call.title).click()
    page.wait_for_url(re.compile(rf"/utlysningar/{open_call.pk}/$"))
    expect(page.locator("h1")).to_have_text(open_call.title)
    organisation = page.locator("select[name='organisation']")
    expect(organisation.locator("option:checked")).to_have_text("Östersunds kommun")
    page.locator(f"form[action='/utlysningar/{open_call.pk}/ansok/'] button[type=submit]").click()
    page.wait_for_url(EDIT_URL)
    application_id = int(EDIT_URL.search(page.url).group(1))
    form = page.locator("#application-form")
    status = page.locator("#autosave-status")

    # 3. Type a draft without pressing save; autosave keeps it through a reload.
    title = "Suicidpreventiv handlingsplan för Östersund"
    description = "Vi tar fram en lokal handlingsplan tillsammans med regionen."
    form.locator("#id_title").fill(title)
    form.locator("#id_description").fill(description)
    form.locator("#id_focus_area").select_option(str(focus_area_4.pk))
    expect(status).to_have_text(SAVED)
    wait_until(
        lambda: _draft_saved(
            application_id, title=title, description=description, focus_area_id=focus_area_4.pk
        )
    )
    page.reload()
    page.wait_for_url(EDIT_URL)
    expect(form.locator("#id_title")).to_have_value(title)
    expect(form.locator("#id_description")).to_have_value(description)
    expect(form.locator("#id_focus_area")).to_have_value(str(focus_area_4.pk))
    # A reload may get its values back from the browser's form-state cache; leaving and
    # coming back through "Mina ansökningar" (where the draft is listed by its title) cannot.
    page.locator("nav a[href='/ansokningar/']").first.click()
    page.wait_for_url(re.compile(r"/ansokningar/$"))
    page.get_by_role("link", name=title).click()
    page.wait_for_url(EDIT_URL)
    expect(form.locator("#id_title")).to_have_value(title)
    expect(form.locator("#id_description")).to_have_value(description)
    expect(form.locator("#id_focus_area")).to_have_value(str(focus_area_4.pk))
    expect(status).to_have_text("")  # a fresh page: nothing saved from this one yet

    # 4. Budget lines with a live total, then the rest of the application.
    form.locator("select[name='budget-0-cost_kind']").select_option("salaries")
    form.locator("input[name='budget-0-amount']").fill("100 000")
    form.locator("select[name='budget-1-cost_kind']").select_option("activities")
    form.locator("input[name='budget-1-amount']").fill("50 000")
    expect(page.locator("#budget-total")).to_have_text(KRONOR_150_000)
    form.locator("#id_amount_requested").fill("150 000")
    form.locator("#id_period_start").fill("2025-04-01")
    form.locator("#id_period_end").fill("2025-12-31")
    form.locator("#id_contact_name").fill("Anna Andersson")
    form.locator("#id_contact_email").fill("anna@ostersund.se")
    form.locator("#id_purpose").fill("Färre suicid och suicidförsök i kommunen.")
    form.locator("#id_target_group").fill("Kommunens invånare och personal.")
    form.locator("input[name='kind'][value='new']").check()
    expect(status).to_have_text(SAVED)
    wait_until(
        lambda: (
            _draft_saved(
                application_id,
                amount_requested=150_000,
                contact_email="anna@ostersund.se",
                kind="new",
                target_group="Kommunens invånare och personal.",
            )
            and Application.objects.get(pk=application_id).budget_total == 150_000
        )
    )

    # 5. Attach a PDF through the attachments form; it is listed on the edit page.
    upload = page.locator("form.attachment-upload")
    upload.locator("input[type=file][name=file]").set_input_files(
        {"name": "projektplan.pdf", "mimeType": "application/pdf", "buffer": tiny_pdf()}
    )
    upload.locator("button[type=submit]").click()
    page.wait_for_url(EDIT_URL)
    expect(
        page.locator(".attachments table").get_by_role("link", name="projektplan.pdf")
    ).to_be_visible()
    # What autosave stored is what the page shows after the round trip.
    expect(form.locator("#id_amount_requested")).to_have_value(re.compile(r"^150\s?000$"))
    expect(page.locator("#budget-total")).to_have_text(KRONOR_150_000)

    # 6. Submit; the detail page shows the case number.
    form.locator("button[name='submit']").click()
    page.wait_for_url(DETAIL_URL)
    assert int(DETAIL_URL.search(page.url).group(1)) == application_id
    expect(page.locator("p.lead strong")).to_have_text(CASE_NUMBER)
    expect(page.get_by_text(CASE_NUMBER).first).to_be_visible()
    expect(page.locator(".attachments")).to_contain_text("projektplan.pdf")
    expect(page.locator(".application-content")).to_contain_text(title)
    application = Application.objects.get(pk=application_id)
    assert application.status == Status.SUBMITTED
    assert application.case_number == CASE_NUMBER
    assert [line.amount for line in application.budget_lines.order_by("pk")] == [100_000, 50_000]
    assert application.attachments.get().original_name == "projektplan.pdf"

    # 7. The receipt with the case number arrives by e-mail (sent by the worker with REDIS_URL).
    wait_until(lambda: len(mail.outbox) >= 1, seconds=30)
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert CASE_NUMBER in receipt.subject or CASE_NUMBER in receipt.body
    assert CASE_NUMBER in receipt.body
    assert {"anna@ostersund.se", APPLICANT} <= set(receipt.to)

    # Every page the journey went through was checked by axe-core (the fixture fails on
    # any WCAG 2.1 A/AA violation after the test body).
    settle(page)
    checked = axe_collector.urls()
    for path in (
        "/logga-in/",
        "/ansokningar/",
        f"/utlysningar/{open_call.pk}/",
        f"/ansokningar/{application_id}/redigera/",
        f"/ansokningar/{application_id}/",
    ):
        assert f"{live_server.url}{path}" in checked, path
