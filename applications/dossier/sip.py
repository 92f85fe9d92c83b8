"""A decided case as an E-ARK submission information package (SIP, CSIP/SIP 2.x), the form an
archive (e.g. the county's e-archive) takes in.

One folder named by the package's OBJID, packed as a ZIP:

    <OBJID>/METS.xml                               the package: its metadata and representation
    <OBJID>/metadata/descriptive/dc.xml            the case in Dublin Core
    <OBJID>/metadata/preservation/premis.xml       PREMIS 3: the files with their SHA-256, the
                                                   case's events (creation, decision, packaging)
                                                   and agents (the county, the applicant, us)
    <OBJID>/representations/rep1/METS.xml          the representation: every file with its sum
    <OBJID>/representations/rep1/data/...          the case's PDF documents (application,
                                                   decision letter, attachments, letters)

The PREMIS document is written by `premis.py`; a county's whole year as one package with a
representation per case by `sip_year.py`.

Every METS file lists the files it refers to with CHECKSUMTYPE="SHA-256" of the very bytes
written. The texts of the package are Swedish (LANGUAGE_CODE), like the dossier.
"""

import hashlib
import mimetypes
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from lxml import etree

from applications.dossier.archive import DossierFile, dossier_files
from applications.dossier.premis import (
    SOFTWARE,
    SipFile,
    case_events,
    packaging_event,
    premis_agents,
    premis_events,
    premis_objects,
    premis_root,
    software_version,
)
from applications.dossier.selectors import DossierCase, dossier_case

PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
METS_NSMAP = {None: METS, "xlink": XLINK, "xsi": XSI, "csip": CSIP, "sip": SIP}
SCHEMA_LOCATION = (
    "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd"
    " http://www.w3.org/1999/xlink http://www.loc.gov/standards/mets/xlink.xsd"
)
# The case is neither a standard content category nor content information type of the
# DILCIS vocabularies: both are "other", with the kind of content named.
CONTENT_CATEGORY = "Bidragsärende"
CONTENT_INFORMATION = "Länsmedel bidragsärende"
CHUNK = 1024 * 1024


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _now() -> str:
    return timezone.localtime().isoformat(timespec="seconds")


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sip_objid(case: DossierCase) -> str:
    """The package's identifier and the name of its folder: the case number, else the grant."""
    number = case.application.case_number if case.application is not None else ""
    name = number.replace("/", "-") or f"bidrag-{case.grant.pk}"
    return get_valid_filename(f"sip-{case.grant.county.slug}-{name}")


def sip_documents(case: DossierCase) -> list[DossierFile]:
    """The case's PDF documents, the content of the representation."""
    return [f for f in dossier_files(case) if f.path.lower().endswith(".pdf")]


# --- the metadata ----------------------------------------------------------------------------


def _mets_root(*, objid: str, label: str) -> etree._Element:
    root = etree.Element(_m("mets"), nsmap=METS_NSMAP)
    root.set("OBJID", objid)
    root.set("LABEL", label)
    root.set("TYPE", "Other")
    root.set(f"{{{CSIP}}}OTHERTYPE", CONTENT_CATEGORY)
    root.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "OTHER")
    root.set(f"{{{CSIP}}}OTHERCONTENTINFORMATIONTYPE", CONTENT_INFORMATION)
    root.set("PROFILE", PROFILE)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    header = etree.SubElement(root, _m("metsHdr"), CREATEDATE=_now(), RECORDSTATUS="NEW")
    header.set(f"{{{CSIP}}}OAISPACKAGETYPE", "SIP")
    software = etree.SubElement(
        header, _m("agent"), ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE"
    )
    etree.SubElement(software, _m("name")).text = SOFTWARE
    note = etree.SubElement(software, _m("note"))
    note.set(f"{{{CSIP}}}NOTETYPE", "SOFTWARE VERSION")
    note.text = software_version()
    return root


def _file_element(parent, *, ident: str, item: SipFile, href: str, created: str):
    element = etree.SubElement(
        parent,
        _m("file"),
        ID=ident,
        MIMETYPE=item.mimetype,
        SIZE=str(item.size),
        CREATED=created,
        CHECKSUM=item.sha256,
        CHECKSUMTYPE="SHA-256",
    )
    location = etree.SubElement(element, _m("FLocat"), LOCTYPE="URL")
    location.set(f"{{{XLINK}}}type", "simple")
    location.set(f"{{{XLINK}}}href", href)
    return element


def _md_ref(parent, item: SipFile, *, mdtype: str, href: str, created: str) -> None:
    ref = etree.SubElement(
        parent,
        _m("mdRef"),
        LOCTYPE="URL",
        MDTYPE=mdtype,
        MIMETYPE=item.mimetype,
        SIZE=str(item.size),
        CREATED=created,
        CHECKSUM=item.sha256,
        CHECKSUMTYPE="SHA-256",
    )
    ref.set(f"{{{XLINK}}}type", "simple")
    ref.set(f"{{{XLINK}}}href", href)


def representation_mets(
    *, case: DossierCase, files: list[SipFile], rep: str, dc: SipFile | None = None
) -> bytes:
    """The representation's METS: its data files with their sums, and its structure; with
    `dc`, the case's own description in the representation's metadata folder."""
    created = _now()
    root = _mets_root(objid=rep, label=str(case.grant.title)[:200])
    prefix = f"representations/{rep}/"
    if dc is not None:
        dmd = etree.SubElement(root, _m("dmdSec"), ID="dmd-dc", CREATED=created, STATUS="CURRENT")
        href = dc.path.removeprefix(prefix)
        _md_ref(dmd, dc, mdtype="DC", href=href, created=created)
    file_sec = etree.SubElement(root, _m("fileSec"), ID="filesec-1")
    group = etree.SubElement(file_sec, _m("fileGrp"), ID="filegrp-data", USE="Data")
    for index, item in enumerate(files, start=1):
        href = item.path.removeprefix(prefix)
        _file_element(group, ident=f"file-{index}", item=item, href=href, created=created)
    struct = etree.SubElement(
        root, _m("structMap"), ID="structmap-1", TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(struct, _m("div"), ID="div-root", LABEL=rep)
    if dc is not None:
        top.set("DMDID", "dmd-dc")
    data = etree.SubElement(top, _m("div"), ID="div-data", LABEL="Data")
    for index in range(1, len(files) + 1):
        etree.SubElement(data, _m("fptr"), FILEID=f"file-{index}")
    return xml_bytes(root)


def descriptive_dc(case: DossierCase) -> bytes:
    """The case in simple Dublin Core: what, whose, decided when, by which county."""
    grant, decision, application = case.grant, case.decision, case.application
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC})

    def add(tag: str, value) -> None:
        if value:
            etree.SubElement(root, f"{{{DC}}}{tag}").text = str(value)

    add("title", grant.title)
    add("identifier", application.case_number if application is not None else "")
    add("identifier", f"grant:{grant.pk}")
    add("creator", grant.county.name)
    add("contributor", grant.responsible_organisation)
    add("subject", grant.focus_area)
    add("description", decision.motivation)
    if decision.decided_at:
        add("date", timezone.localtime(decision.decided_at).date().isoformat())
    add("type", CONTENT_CATEGORY)
    add("language", "sv")
    return xml_bytes(root)


def preservation_premis(*, case: DossierCase, files: list[SipFile], rep: str) -> bytes:
    """PREMIS 3: the representation and each file (size, format, SHA-256), the case's events
    and the agents who took part."""
    root = premis_root()
    premis_objects(root, files=files, rep=rep)
    events = [*case_events(case, files=files, rep=rep), packaging_event([rep])]
    premis_events(root, events, county=case.grant.county)
    applicant = case.application.organisation if case.application is not None else None
    premis_agents(root, county=case.grant.county, applicants=[applicant])
    return xml_bytes(root)


def package_mets(
    *,
    objid: str,
    label: str,
    county,
    metadata: dict[str, SipFile],
    reps: list[tuple[str, SipFile]],
) -> bytes:
    """The package's METS: its descriptive and preservation metadata and its representations
    (name, the representation's METS), each a file group and a division pointing at it."""
    created = _now()
    root = _mets_root(objid=objid, label=label[:200])
    header = root.find(_m("metsHdr"))
    creator = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(creator, _m("name")).text = county.name
    note = etree.SubElement(creator, _m("note"))
    note.set(f"{{{CSIP}}}NOTETYPE", "IDENTIFICATIONCODE")
    note.text = county.slug

    def relative(item: SipFile) -> str:
        return item.path.removeprefix(f"{objid}/")

    dmd = etree.SubElement(root, _m("dmdSec"), ID="dmd-dc", CREATED=created, STATUS="CURRENT")
    _md_ref(dmd, metadata["dc"], mdtype="DC", href=relative(metadata["dc"]), created=created)
    amd = etree.SubElement(root, _m("amdSec"), ID="amd-1")
    digiprov = etree.SubElement(amd, _m("digiprovMD"), ID="digiprov-premis", STATUS="CURRENT")
    premis = metadata["premis"]
    _md_ref(digiprov, premis, mdtype="PREMIS", href=relative(premis), created=created)

    file_sec = etree.SubElement(root, _m("fileSec"), ID="filesec-1")
    for number, (name, mets) in enumerate(reps, start=1):
        group = etree.SubElement(
            file_sec, _m("fileGrp"), ID=f"filegrp-rep{number}", USE=f"Representations/{name}"
        )
        ident = f"file-rep{number}-mets"
        _file_element(group, ident=ident, item=mets, href=relative(mets), created=created)

    struct = etree.SubElement(
        root, _m("structMap"), ID="structmap-1", TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(struct, _m("div"), ID="div-root", LABEL=objid)
    etree.SubElement(
        top, _m("div"), ID="div-metadata", LABEL="Metadata", DMDID="dmd-dc", ADMID="digiprov-premis"
    )
    for number, (name, mets) in enumerate(reps, start=1):
        representation = etree.SubElement(
            top, _m("div"), ID=f"div-rep{number}", LABEL=f"Representations/{name}"
        )
        pointer = etree.SubElement(representation, _m("mptr"), LOCTYPE="URL")
        pointer.set(f"{{{XLINK}}}type", "simple")
        pointer.set(f"{{{XLINK}}}href", relative(mets))
        pointer.set(f"{{{XLINK}}}title", f"filegrp-rep{number}")
    return xml_bytes(root)


# --- writing ---------------------------------------------------------------------------------


def sip_store(archive: zipfile.ZipFile, path: str, chunks, stamp: tuple) -> SipFile:
    digest, size = hashlib.sha256(), 0
    info = zipfile.ZipInfo(path, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as target:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".xml"):
        mimetype = "text/xml"
    return SipFile(path, size, digest.hexdigest(), mimetype)


def sip_filename(case: DossierCase) -> str:
    return f"{sip_objid(case)}.zip"


def sip_write(
    *, grant_id: int, target: BinaryIO, report: Callable[[int], None] = lambda p: None
) -> tuple[str, list[SipFile]]:
    """Write the decided case's SIP as a ZIP into `target`: its file name and every file
    written. `report` gets the share done (0–95 %)."""
    with translation.override(settings.LANGUAGE_CODE):
        case = dossier_case(grant_id=grant_id)
        objid, rep = sip_objid(case), "rep1"
        stamp = timezone.localtime().timetuple()[:6]
        documents = sip_documents(case)
        written: list[SipFile] = []
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            data: list[SipFile] = []
            for index, item in enumerate(documents, start=1):
                path = f"{objid}/representations/{rep}/data/{item.path}"
                data.append(sip_store(archive, path, item.chunks(), stamp))
                report(index * 90 // (len(documents) + 1))
            relative = [
                SipFile(f.path.removeprefix(f"{objid}/"), f.size, f.sha256, f.mimetype)
                for f in data
            ]
            rep_mets = sip_store(
                archive,
                f"{objid}/representations/{rep}/METS.xml",
                [representation_mets(case=case, files=relative, rep=rep)],
                stamp,
            )
            premis = sip_store(
                archive,
                f"{objid}/metadata/preservation/premis.xml",
                [preservation_premis(case=case, files=relative, rep=rep)],
                stamp,
            )
            dc = sip_store(
                archive, f"{objid}/metadata/descriptive/dc.xml", [descriptive_dc(case)], stamp
            )
            metadata = {"dc": dc, "premis": premis}
            root = sip_store(
                archive,
                f"{objid}/METS.xml",
                [
                    package_mets(
                        objid=objid,
                        label=str(case.grant.title),
                        county=case.grant.county,
                        metadata=metadata,
                        reps=[(rep, rep_mets)],
                    )
                ],
                stamp,
            )
            written = [*data, rep_mets, premis, dc, root]
        report(95)
        return sip_filename(case), written
