"""The member's cover memo (tjänsteskrivelse), shaped like Östersund's 2025 one: made as
PDF/A in the background when the member's case opens and again when the member changes the
memo's fields, read back here as text; the same memo as an editable .docx; the panel on the
case's page; and only the member's adopters and the county's coordinators download it."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocations.models import Membership, Organisation, Role
from applications.adoptions.services import adoption_prepare
from applications.documents.adoption_memo import adoption_memo_content
from applications.models import JobState
from tests.applications.adoptions.memo_helpers import (
    OFFICERS,
    SEND_TO,
    docx_text,
    memos,
    pdf_text,
    release_recommending,
    stored,
)
from tests.applications.decision_helpers import user

pytestmark = pytest.mark.django_db

TITLE = "Fördelning av stimulansmedel psykisk hälsa 2025 - Rekommendationsbeslut från SVOM"


@pytest.fixture(autouse=True)
def _tasks_in_process(monkeypatch):
    from config.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


@pytest.fixture
def released(
    recommending,
    seeded,
    adopter,
    review_round,
    in_review,
    applicant,
    coordinator,
    reviewers,
    django_capture_on_commit_callbacks,
):
    return release_recommending(
        recommending,
        seeded,
        coordinator,
        applicant,
        reviewers,
        in_review,
        django_capture_on_commit_callbacks,
    )


@pytest.fixture
def ostersund_case(released):
    return released.adoptions.get(member__name="Östersunds kommun")


def _prepare(adoption, by, capture, **fields):
    values = {"recipient": "Social- och arbetsmarknadsutskottet", "preparing_officers": OFFICERS}
    values["send_to"] = SEND_TO
    values.update(fields)
    with capture(execute=True):
        return adoption_prepare(adoption=adoption, by=by, **values)


def test_each_member_gets_its_memo_as_pdf_when_its_case_opens(released, ostersund_case):
    krokom = released.adoptions.get(member__name="Krokoms kommun")
    for adoption in (ostersund_case, krokom):
        [memo] = memos(adoption)
        assert memo.state == JobState.DONE, memo.error
        assert (memo.version, memo.meeting_id) == (1, released.pk)
        assert memo.download_name == (
            f"adoption_memo-2025-03-14-{'ostersunds' if adoption == ostersund_case else 'krokoms'}"
            "-kommun-v1.pdf"
        )
        assert stored(memo).startswith(b"%PDF") and len(memo.sha256) == 64
    text = pdf_text(stored(memos(ostersund_case)[0]))
    assert TITLE in text
    assert "Mottagare Kommunstyrelse" in text  # the default for a municipality


def test_the_memo_names_the_forum_the_year_the_amounts_and_the_people(
    ostersund_case, adopter, django_capture_on_commit_callbacks
):
    _prepare(ostersund_case, adopter, django_capture_on_commit_callbacks)
    first, second = memos(ostersund_case)
    assert second.state == JobState.DONE, second.error
    text = pdf_text(stored(second))

    assert TITLE in text
    assert "Mottagare Social- och arbetsmarknadsutskottet" in text
    assert "Förslag till beslut" in text
    assert (
        "Östersunds kommun beslutar i enlighet med rekommendationen från SVOM 2025-03-14 §9 "
        "att godkänna förslag angående rekvirering, fördelning, utbetalning och redovisning "
        "av länsgemensamma medel" in text
    )
    assert "Sveriges Kommuner och Regioner (SKR) 2025." in text
    assert "Sammanfattning av ärendet" in text
    # The county's allocation to the krona, per focus area and in total.
    assert "De länsgemensamma medlen för Jämtland Härjedalen 2025 uppgår till 12 697 775 kr" in text
    for amount in ("4 000 000 kr", "2 506 966 kr", "6 190 809 kr"):
        assert amount in text, amount
    # What SVOM recommended, and Östersund's own part of it.
    assert "rekommenderade SVOM att 1 050 000 kr av de länsgemensamma medlen fördelas" in text
    assert "Av dessa ansvarar Östersunds kommun för eller hanterar insatser om sammanlagt" in text
    assert "Suicidprevention i Östersunds skolor" in text
    # The documents the decision rests on, by name and date.
    assert "Underlag för beslut" in text
    assert "Beslutsunderlag angående länsgemensamma medel 2025, SVOM 2025-03-14" in text
    assert "Protokoll SVOM 2025-03-14" in text
    # One preparing officer and one recipient per line.
    assert (
        "Beredande handläggare Angelica Näslund, Tf Socialchef, Stöd- och omsorgsavdelningen "
        "Gun Valli, Bitr. Socialchef"
    ) in text
    assert "Beslut skickas till Angelica Näslund Gun Valli lena.weinstock-svedh@regionjh.se" in text
    assert "version 2" in text
    # The earlier version stays as it was, with the default recipient.
    assert "Mottagare Kommunstyrelse " in pdf_text(stored(first))


def test_the_memo_links_its_basis_to_the_members_downloads_in_lansmedel(ostersund_case, settings):
    import io

    from pypdf import PdfReader

    content = stored(memos(ostersund_case)[0])
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(io.BytesIO(content)).pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    base = settings.SITE_URL.rstrip("/")
    assert (
        base + reverse("applications:adoption_basis", args=[ostersund_case.pk, "beslutsunderlag"])
        in links
    )
    assert (
        base + reverse("applications:adoption_basis", args=[ostersund_case.pk, "protokoll"])
        in links
    )


def test_a_changed_field_makes_a_new_version_and_an_unchanged_one_does_not(
    ostersund_case, adopter, django_capture_on_commit_callbacks
):
    _prepare(ostersund_case, adopter, django_capture_on_commit_callbacks)
    assert len(memos(ostersund_case)) == 2
    _prepare(ostersund_case, adopter, django_capture_on_commit_callbacks)  # the same again
    assert len(memos(ostersund_case)) == 2
    _prepare(
        ostersund_case, adopter, django_capture_on_commit_callbacks, recipient="Kommunstyrelsen"
    )
    versions = memos(ostersund_case)
    assert [v.version for v in versions] == [1, 2, 3]
    text = pdf_text(stored(versions[-1]))
    assert "Mottagare Kommunstyrelsen" in text
    assert "Social- och arbetsmarknadsutskottet" not in text


def test_the_memo_is_read_in_a_fixed_number_of_queries(ostersund_case):
    with CaptureQueriesContext(connection) as queries:
        adoption_memo_content(adoption_id=ostersund_case.pk)
    assert len(queries) == 6


def test_the_docx_says_what_the_pdf_says(
    ostersund_case, adopter, login, django_capture_on_commit_callbacks
):
    _prepare(ostersund_case, adopter, django_capture_on_commit_callbacks)
    client = login(adopter.email)
    response = client.get(reverse("applications:adoption_memo_docx", args=[ostersund_case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert "adoption_memo-2025-03-14-ostersunds-kommun.docx" in response["Content-Disposition"]
    text = docx_text(response.content)
    pdf = pdf_text(stored(memos(ostersund_case)[-1]))
    for expected in (
        TITLE,
        "Mottagare Social- och arbetsmarknadsutskottet",
        "Östersunds kommun beslutar i enlighet med rekommendationen från SVOM 2025-03-14 §9",
        "12 697 775 kr",
        "6 190 809 kr",
        "1 050 000 kr",
        "Beslutsunderlag angående länsgemensamma medel 2025, SVOM 2025-03-14",
        "Protokoll SVOM 2025-03-14",
        "Angelica Näslund, Tf Socialchef, Stöd- och omsorgsavdelningen",
        "Gun Valli, Bitr. Socialchef",
        "lena.weinstock-svedh@regionjh.se",
    ):
        assert expected in text, expected
        assert expected in pdf, expected


def test_the_memo_pdf_is_downloaded_by_the_member_and_the_coordinator(
    ostersund_case, adopter, login
):
    url = reverse("applications:adoption_memo_pdf", args=[ostersund_case.pk])
    for email in (adopter.email, "samordnare@jamtland.demo"):
        response = login(email).get(url)
        assert response.status_code == 200, email
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == stored(memos(ostersund_case)[0])


def test_another_members_adopter_an_applicant_and_anonymous_get_nothing(
    ostersund_case, client, login
):
    krokom_adopter = user("sokande@kfjh.demo")
    Membership.objects.create(
        user=krokom_adopter,
        county=ostersund_case.meeting.county,
        role=Role.ADOPTER,
        organisation=Organisation.objects.get(name="Krokoms kommun"),
    )
    urls = [
        reverse(name, args=[ostersund_case.pk])
        for name in (
            "applications:adoption_memo_pdf",
            "applications:adoption_memo_docx",
            "applications:adoption_package",
        )
    ]
    urls.append(reverse("applications:adoption_basis", args=[ostersund_case.pk, "protokoll"]))
    for url in urls:
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"], url
    for email in ("sokande@kfjh.demo", "sokande@folkhalsoenheten.demo"):
        signed_in = login(email)
        for url in urls:
            assert signed_in.get(url).status_code == 404, (email, url)
        signed_in.logout()


def _case_with_memo_queued(meeting):
    """Another member's case whose memo is asked for but not made yet (its task waits for
    the commit, which the test never does)."""
    from applications.documents.services import adoption_memo_request
    from applications.models import Adoption

    adoption = Adoption.objects.create(
        meeting=meeting,
        member=Organisation.objects.get(name="Bergs kommun"),
        due_on=meeting.held_on,
        recipient="Kommunstyrelsen",
    )
    adoption_memo_request(adoption=adoption)
    return adoption


def test_a_memo_not_made_yet_is_said_on_the_case_page(released, login):
    adoption = _case_with_memo_queued(released)
    client = login("samordnare@jamtland.demo")
    url = reverse("applications:adoption_memo_pdf", args=[adoption.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "applications:adoption_detail", args=[adoption.pk]
    )
    assert "Tjänsteskrivelsen tas fortfarande fram. Försök igen om en stund." in (
        response.content.decode()
    )


def test_the_panel_shows_the_memos_state_and_its_downloads(released, ostersund_case):
    template = engines["django"].from_string(
        '{% include "applications/adoptions/_memo_panel.html" %}'
    )
    html = template.render({"adoption": ostersund_case})
    assert "Klar" in html and "Version 1, framtagen" in html
    for name in ("adoption_memo_pdf", "adoption_memo_docx", "adoption_package"):
        assert reverse(f"applications:{name}", args=[ostersund_case.pk]) in html
    assert "Tjänsteskrivelsen som PDF (version 1)" in html
    # The decision document has not been made: the panel says so.
    assert "Beslutsunderlag angående länsgemensamma medel 2025, SVOM 2025-03-14" in html
    assert "Inte framtagen ännu" in html
    assert "style=" not in html

    busy = template.render({"adoption": _case_with_memo_queued(released)})
    assert "Tas fram" in busy and "Tjänsteskrivelsen som PDF: inte klar ännu" in busy
