"""A member's adoption in a real browser. SVOM only recommends: when its minutes are
approved, Bergs kommun's adopter (the demo `huvudman@jamtland.demo`) fills in the cover
memo's own fields, makes a mistake in the board's date and is told so next to the field with
what was typed kept, and records the board's decision with its extract of the minutes. The
coordinator then follows the members on the meeting's overview and is warned on the
requisition. axe-core checks every page on the way (the `page` fixture)."""

import re

import pytest
from playwright.sync_api import expect

from allocations.agreements.services import DEMO_PASSWORD
from applications.decisions.services.closing import meeting_close, minutes_approve
from applications.decisions.services.rulings import item_adopt_as_whole
from applications.models import Adoption, AdoptionOutcome
from tests.applications.decision_helpers import meeting_with_proposals, proposed, user

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _label(text: str) -> re.Pattern:
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def _log_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def test_a_member_records_its_boards_adoption_and_the_coordinator_follows(
    transactional_db,
    page,
    live_server,
    seeded,
    jamtland,
    in_review,
    review_round,
    reviewers,
    coordinator,
    applicant,
    axe_collector,
    celery_worker_if_broker,
    tmp_path,
):
    assert jamtland.recommends  # as seeded
    area4 = in_review.call.focus_areas.get(number=4)
    proposed(in_review, applicant, coordinator, reviewers, amount=900_000, focus_area=area4)
    forum = user("forum@jamtland.demo"), user("forum2@jamtland.demo")
    meeting, item = meeting_with_proposals(
        jamtland, seeded, coordinator, members=forum, chair=forum[0], approver=forum[1]
    )
    item_adopt_as_whole(item=item, user=forum[0])
    meeting_close(meeting=meeting, user=coordinator)
    minutes_approve(meeting=meeting, user=forum[0])
    minutes_approve(meeting=meeting, user=forum[1])
    members = meeting.adoptions.count()
    assert members == 9
    berg = meeting.adoptions.get(member__name="Bergs kommun")
    extract = tmp_path / "protokollsutdrag.pdf"
    extract.write_bytes(PDF)

    _log_in(page, "huvudman@jamtland.demo")
    page.get_by_role("link", name="Rekommendationer att anta").click()
    page.get_by_role("link", name="Bergs kommun").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bergs kommun")

    page.get_by_label(_label("Mottagare")).fill("Kommunstyrelsen")
    page.get_by_label(_label("Beredande handläggare")).fill("Anna Andersson, utvecklingsledare")
    page.get_by_role("button", name="Spara tjänsteskrivelsens uppgifter").click()
    expect(page.get_by_text("Tjänsteskrivelsens uppgifter har sparats.")).to_be_visible()

    page.get_by_label("Antaget", exact=True).check()
    page.get_by_label(_label("Beslutande organ")).select_option("municipal_board")
    page.get_by_label(_label("Beslutsdatum")).fill("2025-03-01")  # before SVOM's meeting
    page.get_by_label(_label("Paragraf (§)")).fill("§ 42")
    page.get_by_label(_label("Styrelsens protokollsutdrag")).set_input_files(str(extract))
    page.get_by_role("button", name="Registrera styrelsens beslut").click()
    date_field = page.get_by_label(_label("Beslutsdatum"))
    expect(page.locator(".adoption-record-form")).to_contain_text(
        "Styrelsen kan inte besluta före rekommendationen från 2025-03-14."
    )
    expect(page.get_by_label(_label("Paragraf (§)"))).to_have_value("§ 42")  # kept
    date_field.fill("2025-04-02")
    page.get_by_label(_label("Styrelsens protokollsutdrag")).set_input_files(str(extract))
    page.get_by_role("button", name="Registrera styrelsens beslut").click()
    expect(page.get_by_text("Styrelsens beslut har registrerats.")).to_be_visible()
    expect(page.locator(".adoption-recorded")).to_contain_text("2025-04-02, § 42")
    berg.refresh_from_db()
    assert (berg.outcome, berg.paragraph, berg.recipient) == (
        AdoptionOutcome.ADOPTED,
        "42",
        "Kommunstyrelsen",
    )

    _log_in(page, "samordnare@jamtland.demo")
    page.goto(f"/lan/jamtland/beslut/sammantraden/{meeting.pk}/")
    page.get_by_role("link", name="Medlemmarnas antaganden av rekommendationen").click()
    counts = page.locator(".adoption-counts")
    expect(counts).to_contain_text("1 antagen")
    expect(counts).to_contain_text(f"{members - 1} väntar")
    page.goto(f"/lan/jamtland/rekvisition/{seeded.year}/")
    expect(page.locator(".adoptions-pending")).to_contain_text(
        f"{members - 1} medlemmar har ännu inte antagit rekommendationen."
    )
    assert Adoption.objects.filter(outcome=AdoptionOutcome.PENDING).count() == members - 1
