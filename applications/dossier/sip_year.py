"""A county's agreement year as one E-ARK SIP: every decided case of the year, for delivery
to the region's e-archive once the year is closed.

One package, one representation per case (CSIP allows a package many representations),
each the case's own folder as in the single-case SIP:

    <OBJID>/METS.xml                                  the package: the year's description,
                                                      its PREMIS and every representation
    <OBJID>/metadata/descriptive/dc.xml               the year in Dublin Core
    <OBJID>/metadata/preservation/premis.xml          PREMIS 3: every case's files with their
                                                      SHA-256, the cases' events, the agents
    <OBJID>/representations/<case>/METS.xml           the case: its files with their sums
    <OBJID>/representations/<case>/metadata/descriptive/dc.xml   the case in Dublin Core
    <OBJID>/representations/<case>/data/...           the case's PDF documents

The cases are read and written one after the other, their files streamed into the ZIP: only
the metadata of the cases done so far is kept until the package's own files are written.
"""

import zipfile
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from lxml import etree

from allocations.models import County
from applications.dossier.premis import (
    SipFile,
    case_events,
    packaging_event,
    premis_agents,
    premis_events,
    premis_objects,
    premis_root,
)
from applications.dossier.selectors import DossierCase, dossier_case, year_grant_ids
from applications.dossier.sip import (
    CONTENT_CATEGORY,
    DC,
    OAI_DC,
    descriptive_dc,
    package_mets,
    representation_mets,
    sip_documents,
    sip_store,
    xml_bytes,
)


def sip_year_objid(county: County, year: int) -> str:
    return get_valid_filename(f"sip-{county.slug}-{year}")


def case_representation(case: DossierCase, taken: set[str]) -> str:
    """The case's representation folder: its case number, else its grant; never twice."""
    number = case.application.case_number if case.application is not None else ""
    name = get_valid_filename(number.replace("/", "-") or f"bidrag-{case.grant.pk}")
    if name in taken:
        name = f"{name}-bidrag-{case.grant.pk}"
    taken.add(name)
    return name


def year_dc(*, county: County, year: int, cases: list[str]) -> bytes:
    """The year's package in simple Dublin Core: whose, which year, which cases."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})

    def add(tag: str, value) -> None:
        etree.SubElement(root, f"{{{DC}}}{tag}").text = str(value)

    add("title", f"Beslutade bidragsärenden {year} – {county.name}")
    add("identifier", f"county:{county.slug}:{year}")
    add("creator", county.name)
    add("date", str(year))
    add("description", f"{len(cases)} beslutade ärenden, ett per representation.")
    for name in cases:
        add("relation", f"representations/{name}")
    add("type", CONTENT_CATEGORY)
    add("language", "sv")
    return xml_bytes(root)


def _relative(item: SipFile, objid: str) -> SipFile:
    return SipFile(item.path.removeprefix(f"{objid}/"), item.size, item.sha256, item.mimetype)


def sip_year_write(
    *,
    county_id: int,
    year: int,
    target: BinaryIO,
    report: Callable[[int], None] = lambda p: None,
) -> tuple[str, list[SipFile]]:
    """Write the year's package as a ZIP into `target`: its file name and every file
    written. `report` gets the share done (0–95 %), case by case."""
    with translation.override(settings.LANGUAGE_CODE):
        county = County.objects.get(pk=county_id)
        grant_ids = year_grant_ids(county_id=county_id, year=year)
        objid = sip_year_objid(county, year)
        stamp = timezone.localtime().timetuple()[:6]
        premis, events, applicants = premis_root(), [], []
        reps: list[tuple[str, SipFile]] = []
        taken: set[str] = set()
        written: list[SipFile] = []
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:

            def store(path: str, chunks) -> SipFile:
                item = sip_store(archive, f"{objid}/{path}", chunks, stamp)
                written.append(item)
                return _relative(item, objid)

            for index, grant_id in enumerate(grant_ids, start=1):
                case = dossier_case(grant_id=grant_id)
                rep = case_representation(case, taken)
                folder = f"representations/{rep}"
                data = [
                    store(f"{folder}/data/{item.path}", item.chunks())
                    for item in sip_documents(case)
                ]
                dc = store(f"{folder}/metadata/descriptive/dc.xml", [descriptive_dc(case)])
                mets = representation_mets(case=case, files=data, rep=rep, dc=dc)
                reps.append((rep, store(f"{folder}/METS.xml", [mets])))
                premis_objects(premis, files=data, rep=rep)
                events += case_events(case, files=data, rep=rep)
                applicants.append(case.application.organisation if case.application else None)
                report(index * 90 // (len(grant_ids) + 1))
            names = [name for name, _mets in reps]
            premis_events(premis, [*events, packaging_event(names)], county=county)
            premis_agents(premis, county=county, applicants=applicants)
            metadata = {
                "premis": store("metadata/preservation/premis.xml", [xml_bytes(premis)]),
                "dc": store(
                    "metadata/descriptive/dc.xml",
                    [year_dc(county=county, year=year, cases=names)],
                ),
            }
            label = f"Beslutade bidragsärenden {year} – {county.name}"
            root = package_mets(
                objid=objid, label=label, county=county, metadata=metadata, reps=reps
            )
            store("METS.xml", [root])
        report(95)
        return f"{objid}.zip", written
