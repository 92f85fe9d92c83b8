"""SKR's allocation table read from CSV or XLSX, previewed with what changes, then saved; a
table with errors is shown row by row and nothing of it is saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from allocations.models import CountyAllocation, FocusArea
from allocations.national.selectors import allocation_import_parse
from allocations.national.services.allocations import SKR_TABLE_BASIS

NATIONAL = "nationell@lansmedel.demo"
IMPORT = reverse("allocations:allocation_import", args=[2025])


def amounts() -> dict[tuple[str, int], int]:
    return {
        (a.county.code, a.focus_area.number): a.amount
        for a in CountyAllocation.objects.select_related("county", "focus_area")
    }


def csv_file(text: str, name: str = "skr.csv", bom: bool = False) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" if bom else "").encode() + text.encode())


def preview(client, upload):
    return client.post(IMPORT, {"action": "preview", "file": upload})


def save(client, response):
    """Press the preview's save button: the hidden fields as the page has them."""
    form = response.context["save_form"]
    data = {"action": "save", **{name: form.initial[name] for name in ("content", "filename")}}
    return client.post(IMPORT, data, follow=True)


@pytest.fixture
def client_(login):
    return login(NATIONAL)


def test_a_csv_is_previewed_with_the_changes_then_saved(client_):
    before = amounts()
    text = "Län;Område;Belopp\n23;1;4 100 000\nVästmanland;4;7524381\n20;Suicidprevention;7569623\n"
    response = preview(client_, csv_file(text, bom=True))
    html = response.content.decode()
    assert response.status_code == 200, html
    assert "Jämtland Härjedalen" in html and "4 100 000 kr" in html and "+100 000 kr" in html
    assert "Spara 3 tilldelningar" in html and "±0 kr" in html
    assert amounts() == before  # nothing saved by the preview


def test_a_csv_with_commas_is_saved_with_skrs_basis(client_):
    text = "23,1,4100000\n20,3,5409734\n"
    response = preview(client_, csv_file(text))
    assert response.status_code == 200
    saved = save(client_, response)
    assert "2 tilldelningar för 2025 sparades." in saved.content.decode()
    after = amounts()
    assert after[("23", 1)] == 4_100_000 and after[("20", 3)] == 5_409_734
    assert after[("19", 4)] == 7_524_381  # not in the file: kept
    allocation = CountyAllocation.objects.get(county__code="23", focus_area__number=1)
    assert allocation.basis == SKR_TABLE_BASIS


def test_an_xlsx_with_a_new_allocation_is_saved(client_, seeded):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Län", "Fokusområde", "Belopp"])
    sheet.append([23, 4, 6_200_000])
    sheet.append(["Dalarna", "1", 4_000_000.0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("SKR 2025.xlsx", buffer.getvalue())
    CountyAllocation.objects.filter(county__code="20", focus_area__number=1).delete()
    response = preview(client_, upload)
    assert response.status_code == 200, response.content.decode()
    assert "Spara 2 tilldelningar" in response.content.decode()
    saved = save(client_, response)
    assert "2 tilldelningar för 2025 sparades." in saved.content.decode()
    after = amounts()
    assert after[("23", 4)] == 6_200_000 and after[("20", 1)] == 4_000_000


ERRORS = [
    ("23;1;100\n23;3;100\n99;1;100\n", "Rad 3: inget län har koden 99."),
    ("23;1;100\nNarnia;1;100\n", "Rad 2: inget län heter ”Narnia”."),
    ("23;9;100\n", "Rad 1: överenskommelsen för 2025 har inget fokusområde ”9”."),
    ("23;2;100\n", "Rad 1: område 2 har inga länsgemensamma medel."),
    (
        "Län;Område;Belopp\n23;1;100\n23;3;100\n23;4;100\n20;1;100,50\n",
        "Rad 5: beloppet måste vara hela kronor.",
    ),
    ("23;1;fyra miljoner\n", "Rad 1: beloppet måste vara hela kronor."),
    ("23;1;-5\n", "Rad 1: beloppet kan inte vara negativt."),
]


@pytest.mark.parametrize(
    "text, message",
    [
        *ERRORS,
        (
            "Län;Område;Belopp\n23;1;1\n23;3;1\n20;1;1\n19;1;1\n20;3;1\nJämtland Härjedalen;1;2\n",
            "Rad 7: Jämtland Härjedalen, område 1 finns även på rad 2.",
        ),
        ("23;;100\n", "Rad 1: skriv län, område och belopp."),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_saved(client_, text, message):
    before = amounts()
    response = preview(client_, csv_file(text))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Ingenting sparas så länge tabellen har fel:" in html
    assert 'value="save"' not in html
    assert amounts() == before


def test_an_area_total_that_the_rows_miss_is_named(client_, seeded):
    FocusArea.objects.filter(agreement=seeded, number=1).update(county_joint_total=19_000_000)
    before = amounts()
    text = "14;1;7000000\n19;1;4000000\n20;1;4000000\n23;1;4001000\n"
    response = preview(client_, csv_file(text))
    assert response.status_code == 400
    assert (
        "Område 1: raderna summerar till 1 000 kr mer än områdets totalbelopp på 19 000 000 kr."
        in response.content.decode()
    )
    assert amounts() == before
    right = preview(client_, csv_file(text.replace("4001000", "4000000")))
    assert right.status_code == 200
    save(client_, right)
    home = client_.get(reverse("allocations:national_home")).content.decode()
    assert 'text-bg-success">Ja<' in home


def test_a_file_of_another_type_or_not_a_workbook_is_refused(client_):
    before = amounts()
    response = preview(client_, SimpleUploadedFile("skr.pdf", b"%PDF-1.4"))
    assert response.status_code == 400
    assert "Ladda upp tabellen som en XLSX-arbetsbok eller en CSV-fil." in response.content.decode()
    response = preview(client_, SimpleUploadedFile("skr.xlsx", b"inte en arbetsbok"))
    assert "Filen kunde inte läsas som en XLSX-arbetsbok." in response.content.decode()
    response = preview(client_, SimpleUploadedFile("skr.csv", "23;1;5\n".encode("utf-16")))
    assert "Spara CSV-filen som UTF-8-text." in response.content.decode()
    assert amounts() == before


def test_a_tampered_save_is_read_again_and_refused(client_):
    before = amounts()
    response = client_.post(
        IMPORT, {"action": "save", "content": "inte base64!", "filename": "a.csv"}
    )
    assert response.status_code == 400
    assert "Tabellen kunde inte läsas igen" in response.content.decode()
    import base64

    forged = base64.b64encode(b"23;1;abc\n").decode()
    response = client_.post(IMPORT, {"action": "save", "content": forged, "filename": "a.csv"})
    assert response.status_code == 400
    assert "Rad 1: beloppet måste vara hela kronor." in response.content.decode()
    assert amounts() == before


def test_the_parse_reads_codes_with_a_leading_zero_and_names(seeded):
    result = allocation_import_parse(
        agreement=seeded,
        content="jämtland härjedalen;Suicidprevention;1\n".encode(),
        filename="a.CSV",
    )
    assert result.is_valid, result.all_errors
    assert result.rows[0].county.code == "23" and result.rows[0].focus_area.number == 4
