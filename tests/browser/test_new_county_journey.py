"""A new county's first year, from an empty database and one national administrator to an
open call, through nothing but the browser: the national administrator creates the agreement
year with a county-joint focus area, creates the county, imports SKR's allocation table and
invites the county's coordinator; the coordinator accepts (password and two-factor), opens
the county's year, invites the review group and the decision forum and publishes a call that
an invited applicant then sees open. axe-core checks every page on the way."""

import base64
import datetime
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone
from django_otp.oath import TOTP
from playwright.sync_api import expect

from allocations.models import Agreement, County, CountyAllocation, Membership, Role
from allocations.models.membership import NationalAdministrator
from reporting.models import OutgoingEmail

pytestmark = pytest.mark.browser

ADMIN = "nationell@myndighet.example"
ADMIN_PASSWORD = "Nationellt-ansvar-2027"
COORDINATOR = "samordnare@gotland.example"
YEAR = timezone.localdate().year + 1
LINK = re.compile(r"https?://\S+(/inbjudan/[\w-]+/)")


def _field(page, label: str):
    """The field of exactly this label (crispy marks a required one with an asterisk)."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def _log_in(page, email: str, password: str) -> None:
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(email)
    page.locator('input[name="password"]').fill(password)
    page.get_by_role("button", name="Logga in", exact=True).click()
    page.wait_for_url(re.compile(r"/$"))


def _invitation_link(email: str) -> str:
    """The link of the invitation as it reached the person's mailbox (the stored copy of a
    message carrying a secret is emptied once it is sent)."""
    bodies = [m.body for m in mail.outbox if email in m.to]
    # Where the worker is another process (PostgreSQL and Redis), the message waits in the
    # outbox with its text.
    bodies += [
        m.body
        for m in OutgoingEmail.objects.order_by("pk")
        if email in m.to and LINK.search(m.body)
    ]
    assert bodies, f"no invitation to {email}"
    return LINK.search(bodies[-1]).group(1)


def _accept(page, email: str, first: str, last: str, password: str) -> None:
    page.goto(_invitation_link(email))
    page.get_by_label("Förnamn").fill(first)
    page.get_by_label("Efternamn").fill(last)
    _field(page, "Lösenord").fill(password)
    page.get_by_label("Lösenordet igen").fill(password)
    page.get_by_role("button", name="Skapa kontot och ta rollen").click()
    page.wait_for_load_state()


def _enrol_two_factor(page) -> None:
    """Types the key shown on the page into an 'app' (the TOTP algorithm) and confirms."""
    page.wait_for_url(re.compile(r"/logga-in/tvafaktor/"))
    secret = page.locator("#otp-secret").inner_text().replace(" ", "")
    totp = TOTP(base64.b32decode(secret))
    totp.time = time.time()
    page.get_by_label(re.compile("Kod")).first.fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Tvåfaktorsautentisering är aktiverad.", exact=False)).to_be_visible()


def _invite(page, slug: str, email: str, role: str, **choices) -> None:
    page.goto(f"/lan/{slug}/personer/bjud-in/")
    page.get_by_label("E-postadress").fill(email)
    page.get_by_label("Roll").select_option(label=role)
    for label, option in choices.items():
        page.get_by_label(label).select_option(label=option)
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text(f"En inbjudan skickades till {email}.")).to_be_visible()


def test_a_new_county_reaches_an_open_call_through_the_browser_alone(
    empty_database, page, settings
):
    settings.DEMO_MODE = False
    # A long journey on a loaded CI machine: a slow page must not fail the whole way.
    page.set_default_navigation_timeout(60_000)
    page.set_default_timeout(30_000)
    assert not Agreement.objects.exists() and not County.objects.exists()
    admin = get_user_model().objects.create_user(
        username=ADMIN, email=ADMIN, password=ADMIN_PASSWORD, first_name="Nina"
    )
    NationalAdministrator.objects.create(user=admin)

    # --- the national administrator: the agreement year and its county-joint area
    _log_in(page, ADMIN, ADMIN_PASSWORD)
    page.goto("/nationellt/")
    page.get_by_role("link", name="Nytt tomt överenskommelseår").click()
    _field(page, "År").fill(str(YEAR))
    _field(page, "Titel").fill(f"Överenskommelse om psykisk hälsa {YEAR}")
    page.get_by_label("Nationellt totalbelopp (kr)").fill("1 000 000")
    page.get_by_role("button", name="Skapa året").click()
    page.wait_for_url(re.compile(rf"/nationellt/ar/{YEAR}/$"))

    _field(page, "Nummer").fill("1")
    _field(page, "Namn").fill("Suicidprevention")
    _field(page, "Kortnamn").fill("Suicidprevention")
    page.get_by_label("Har länsgemensamma medel").check()
    page.get_by_label("Länsgemensamt totalbelopp (kr)").fill("600 000")
    page.get_by_role("button", name="Spara överenskommelseåret").click()
    expect(page.get_by_role("group", name="Fokusområde 1")).to_be_visible()

    # --- the county
    page.goto("/nationellt/")
    page.get_by_role("link", name="Nytt län").click()
    _field(page, "Namn").fill("Gotlands län")
    page.get_by_label("Länskod").fill("09")
    page.get_by_label("Kortnamn i adresser").fill("gotland")
    page.get_by_label("Befolkning").fill("61000")
    page.get_by_label("Förvaltande organisation").fill("Region Gotland")
    page.get_by_label("Typ av organisation").select_option(
        label="Region eller regionens verksamhet"
    )
    page.get_by_role("button", name="Skapa länet").click()
    expect(page.get_by_role("rowheader", name="Gotlands län")).to_be_visible()

    # --- SKR's allocation table: a wrong row first, then the right one
    page.goto(f"/nationellt/ar/{YEAR}/fordelning/")
    page.get_by_label("SKR:s tabell (XLSX eller CSV)").set_input_files(
        files=[
            {
                "name": "fordelning.csv",
                "mimeType": "text/csv",
                "buffer": "Län;Område;Belopp\n99;1;600000\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Läs tabellen").click()
    expect(page.get_by_text(re.compile("Rad 2"))).to_be_visible()
    assert not CountyAllocation.objects.exists()
    page.get_by_label("SKR:s tabell (XLSX eller CSV)").set_input_files(
        files=[
            {
                "name": "fordelning.csv",
                "mimeType": "text/csv",
                "buffer": "Län;Område;Belopp\n09;1;600000\n".encode(),
            }
        ]
    )
    page.get_by_role("button", name="Läs tabellen").click()
    page.get_by_role("button", name="Spara 1 tilldelning").click()
    expect(page.get_by_text(f"1 tilldelning för {YEAR} sparades.")).to_be_visible()
    assert CountyAllocation.objects.get().amount == 600_000

    # --- the county's first coordinator
    page.goto("/nationellt/")
    page.get_by_role("link", name="Samordnare Gotlands län").click()
    page.get_by_label("E-postadress").fill(COORDINATOR)
    page.get_by_role("button", name="Skicka inbjudan").click()
    expect(page.get_by_text(f"En inbjudan skickades till {COORDINATOR}.")).to_be_visible()
    page.context.clear_cookies()

    # --- the coordinator accepts, sets up two-factor and opens the year
    _accept(page, COORDINATOR, "Gun", "Gotland", "Gotlandssamordning-2027")
    _enrol_two_factor(page)
    page.goto("/lan/gotland/ar/oppna/")
    page.get_by_role("button", name="Öppna året").click()
    page.wait_for_url(re.compile(rf"/lan/gotland/ar/{YEAR}/$"))
    expect(page.get_by_text(f"{YEAR} är öppnat för Gotlands län.")).to_be_visible()
    expect(page.get_by_text(f"{YEAR}-12-01: Rekvirera medlen för {YEAR}")).to_be_visible()

    # --- the review group, the decision forum and an applicant are invited
    _invite(page, "gotland", "beredning@gotland.example", "Ledamot i beredningsgruppen")
    _invite(
        page,
        "gotland",
        "ordforande@gotland.example",
        "Ledamot i beslutsforumet",
        **{"Uppdrag i forumet": "Ordförande"},
    )
    _invite(
        page,
        "gotland",
        "sokande@gotland.example",
        "Sökande",
        Organisation="Region Gotland",
    )
    page.goto("/lan/gotland/personer/")
    for email in ("beredning@gotland.example", "ordforande@gotland.example"):
        expect(page.get_by_text(email).first).to_be_visible()

    # --- a call, published
    opens = timezone.localtime() - datetime.timedelta(hours=1)
    closes = opens + datetime.timedelta(days=30)
    page.goto("/lan/gotland/utlysningar/ny/")
    _field(page, "Titel").fill(f"Utlysning suicidprevention {YEAR}")
    page.get_by_label("1. Suicidprevention").check()
    page.get_by_label(re.compile(r"^\s*Öppnar")).fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^\s*Stänger")).fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label(re.compile(r"^\s*Utkast")).check()
    page.get_by_role("button", name=re.compile("Spara")).click()
    expect(page.get_by_text("Utlysningen är sparad.")).to_be_visible()
    page.goto(f"/lan/gotland/ar/{YEAR}/")
    page.get_by_role("button", name=f"Publicera Utlysning suicidprevention {YEAR}").click()
    expect(
        page.get_by_text(f"Utlysningen Utlysning suicidprevention {YEAR} är publicerad.")
    ).to_be_visible()
    page.context.clear_cookies()

    # --- the invited reviewer and forum chair hold their roles; the applicant sees the call
    _accept(page, "beredning@gotland.example", "Berit", "Beredning", "Beredningsarbete-2027")
    page.context.clear_cookies()
    _accept(page, "ordforande@gotland.example", "Olle", "Ordförande", "Forumsarbete-2027")
    page.context.clear_cookies()
    _accept(page, "sokande@gotland.example", "Sara", "Sökande", "Ansokningsarbete-2027")
    page.goto("/utlysningar/")
    expect(page.get_by_role("link", name=f"Utlysning suicidprevention {YEAR}")).to_be_visible()

    county = County.objects.get(slug="gotland")
    held = set(Membership.objects.filter(county=county).values_list("user__email", "role"))
    assert held == {
        (COORDINATOR, Role.COORDINATOR),
        ("beredning@gotland.example", Role.REVIEWER),
        ("ordforande@gotland.example", Role.FORUM),
        ("sokande@gotland.example", Role.APPLICANT),
    }
