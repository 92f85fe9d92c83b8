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

Every METS file lists the files it refers to with CHECKSUMTYPE="SHA-256" of the very bytes
written. The texts of the package are Swedish (LANGUAGE_CODE), like the dossier.
"""

import hashlib
import mimetypes
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from lxml import etree

from applications.dossier.archive import DossierFile, dossier_files
from applications.dossier.selectors import DossierCase, dossier_case

PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS = "http://www.loc.gov/premis/v3"
DC = "http://purl.org/dc/elements/1.1/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
METS_NSMAP = {None: METS, "xlink": XLINK, "xsi": XSI, "csip": CSIP, "sip": SIP}
SCHEMA_LOCATION = (
    "http://www.loc.gov/METS/ http://www.loc.gov/standards/mets/mets.xsd"
    " http://www.w3.org/1999/xlink http://www.loc.gov/standards/mets/xlink.xsd"
)
SOFTWARE = "Länsmedel"
# The case is neither a standard content category nor content information type of the
# DILCIS vocabularies: both are "other", with the kind of content named.
CONTENT_CATEGORY = "Bidragsärende"
CONTENT_INFORMATION = "Länsmedel bidragsärende"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class SipFile:
    """One file written into the package: its path inside the package folder."""

    path: str
    size: int
    sha256: str
    mimetype: str


def _m(tag: str) -> str:
    return f"{{{METS}}}{tag}"


def _p(tag: str) -> str:
    return f"{{{PREMIS}}}{tag}"


def _now() -> str:
    return timezone.localtime().isoformat(timespec="seconds")


def _xml(root: etree._Element) -> bytes:
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
    note.text = _version()
    return root


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lansmedel")
    except PackageNotFoundError:
        return "0"


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


def representation_mets(*, case: DossierCase, files: list[SipFile], rep: str) -> bytes:
    """The representation's METS: its data files with their sums, and its structure."""
    created = _now()
    root = _mets_root(objid=rep, label=str(case.grant.title)[:200])
    file_sec = etree.SubElement(root, _m("fileSec"), ID="filesec-1")
    group = etree.SubElement(file_sec, _m("fileGrp"), ID="filegrp-data", USE="Data")
    prefix = f"representations/{rep}/"
    for index, item in enumerate(files, start=1):
        href = item.path.removeprefix(prefix)
        _file_element(group, ident=f"file-{index}", item=item, href=href, created=created)
    struct = etree.SubElement(
        root, _m("structMap"), ID="structmap-1", TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(struct, _m("div"), ID="div-root", LABEL=rep)
    data = etree.SubElement(top, _m("div"), ID="div-data", LABEL="Data")
    for index in range(1, len(files) + 1):
        etree.SubElement(data, _m("fptr"), FILEID=f"file-{index}")
    return _xml(root)


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
    return _xml(root)


def _identifier(parent, kind: str, value: str, prefix: str = "object") -> None:
    identifier = etree.SubElement(parent, _p(f"{prefix}Identifier"))
    etree.SubElement(identifier, _p(f"{prefix}IdentifierType")).text = kind
    etree.SubElement(identifier, _p(f"{prefix}IdentifierValue")).text = value


def _link(parent, prefix: str, kind: str, value: str, role: str | None = None) -> None:
    link = etree.SubElement(parent, _p(f"linking{prefix}Identifier"))
    etree.SubElement(link, _p(f"linking{prefix}IdentifierType")).text = kind
    etree.SubElement(link, _p(f"linking{prefix}IdentifierValue")).text = value
    if role:
        etree.SubElement(link, _p(f"linking{prefix}Role")).text = role


def preservation_premis(*, case: DossierCase, files: list[SipFile], rep: str) -> bytes:
    """PREMIS 3: the representation and each file (size, format, SHA-256), the case's events
    and the agents who took part."""
    root = etree.Element(_p("premis"), nsmap={"premis": PREMIS, "xsi": XSI}, version="3.0")
    representation = etree.SubElement(root, _p("object"))
    representation.set(f"{{{XSI}}}type", "premis:representation")
    _identifier(representation, "local", rep)
    for item in files:
        obj = etree.SubElement(root, _p("object"))
        obj.set(f"{{{XSI}}}type", "premis:file")
        _identifier(obj, "local", item.path)
        characteristics = etree.SubElement(obj, _p("objectCharacteristics"))
        fixity = etree.SubElement(characteristics, _p("fixity"))
        etree.SubElement(fixity, _p("messageDigestAlgorithm")).text = "SHA-256"
        etree.SubElement(fixity, _p("messageDigest")).text = item.sha256
        etree.SubElement(fixity, _p("messageDigestOriginator")).text = SOFTWARE
        etree.SubElement(characteristics, _p("size")).text = str(item.size)
        designation = etree.SubElement(
            etree.SubElement(characteristics, _p("format")), _p("formatDesignation")
        )
        etree.SubElement(designation, _p("formatName")).text = item.mimetype
        etree.SubElement(obj, _p("originalName")).text = item.path.rsplit("/", 1)[-1]
        relationship = etree.SubElement(obj, _p("relationship"))
        etree.SubElement(relationship, _p("relationshipType")).text = "structural"
        etree.SubElement(relationship, _p("relationshipSubType")).text = "is included in"
        related = etree.SubElement(relationship, _p("relatedObjectIdentifier"))
        etree.SubElement(related, _p("relatedObjectIdentifierType")).text = "local"
        etree.SubElement(related, _p("relatedObjectIdentifierValue")).text = rep

    county = f"county:{case.grant.county.slug}"
    applicant = case.application.organisation if case.application is not None else None
    events = []
    if case.application is not None and case.application.submitted_at:
        events.append(
            ("creation", case.application.submitted_at, "Ansökan lämnades in.", applicant)
        )
    if case.decision.decided_at:
        detail = f"Beslut: {case.decision.get_outcome_display()}."
        events.append(("decision", case.decision.decided_at, detail, None))
    events.append(("information package creation", timezone.now(), "SIP skapades.", None))
    for index, (kind, at, detail, by) in enumerate(events, start=1):
        event = etree.SubElement(root, _p("event"))
        _identifier(event, "local", f"event-{index}", prefix="event")
        etree.SubElement(event, _p("eventType")).text = kind
        etree.SubElement(event, _p("eventDateTime")).text = timezone.localtime(at).isoformat()
        information = etree.SubElement(event, _p("eventDetailInformation"))
        etree.SubElement(information, _p("eventDetail")).text = detail
        outcome = etree.SubElement(event, _p("eventOutcomeInformation"))
        etree.SubElement(outcome, _p("eventOutcome")).text = "success"
        if by is not None:
            _link(event, "Agent", "local", f"organisation:{by.pk}", "applicant")
        _link(event, "Agent", "local", county, "executing authority")
        if kind == "information package creation":
            _link(event, "Agent", "local", "software:lansmedel", "executing program")
        _link(event, "Object", "local", rep, "outcome")

    agents = [(county, case.grant.county.name, "organization", None)]
    if applicant is not None:
        agents.append((f"organisation:{applicant.pk}", applicant.name, "organization", None))
    agents.append(("software:lansmedel", SOFTWARE, "software", _version()))
    for ident, name, kind, version in agents:
        agent = etree.SubElement(root, _p("agent"))
        _identifier(agent, "local", ident, prefix="agent")
        etree.SubElement(agent, _p("agentName")).text = name
        etree.SubElement(agent, _p("agentType")).text = kind
        if version:
            etree.SubElement(agent, _p("agentVersion")).text = version
    return _xml(root)


def package_mets(*, case: DossierCase, objid: str, metadata: dict[str, SipFile], rep: SipFile):
    """The package's METS: its descriptive and preservation metadata, its representation."""
    created = _now()
    root = _mets_root(objid=objid, label=str(case.grant.title)[:200])
    header = root.find(_m("metsHdr"))
    county = etree.SubElement(header, _m("agent"), ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(county, _m("name")).text = case.grant.county.name
    note = etree.SubElement(county, _m("note"))
    note.set(f"{{{CSIP}}}NOTETYPE", "IDENTIFICATIONCODE")
    note.text = case.grant.county.slug

    def md_ref(parent, item: SipFile, mdtype: str) -> None:
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
        ref.set(f"{{{XLINK}}}href", item.path.removeprefix(f"{objid}/"))

    dmd = etree.SubElement(root, _m("dmdSec"), ID="dmd-dc", CREATED=created, STATUS="CURRENT")
    md_ref(dmd, metadata["dc"], "DC")
    amd = etree.SubElement(root, _m("amdSec"), ID="amd-1")
    digiprov = etree.SubElement(amd, _m("digiprovMD"), ID="digiprov-premis", STATUS="CURRENT")
    md_ref(digiprov, metadata["premis"], "PREMIS")

    file_sec = etree.SubElement(root, _m("fileSec"), ID="filesec-1")
    group = etree.SubElement(file_sec, _m("fileGrp"), ID="filegrp-rep1", USE="Representations/rep1")
    href = rep.path.removeprefix(f"{objid}/")
    _file_element(group, ident="file-rep1-mets", item=rep, href=href, created=created)

    struct = etree.SubElement(
        root, _m("structMap"), ID="structmap-1", TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = etree.SubElement(struct, _m("div"), ID="div-root", LABEL=objid)
    etree.SubElement(
        top, _m("div"), ID="div-metadata", LABEL="Metadata", DMDID="dmd-dc", ADMID="digiprov-premis"
    )
    representation = etree.SubElement(top, _m("div"), ID="div-rep1", LABEL="Representations/rep1")
    pointer = etree.SubElement(representation, _m("mptr"), LOCTYPE="URL")
    pointer.set(f"{{{XLINK}}}type", "simple")
    pointer.set(f"{{{XLINK}}}href", href)
    pointer.set(f"{{{XLINK}}}title", "filegrp-rep1")
    return _xml(root)


# --- writing ---------------------------------------------------------------------------------


def _store(archive: zipfile.ZipFile, path: str, chunks, stamp: tuple) -> SipFile:
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
                data.append(_store(archive, path, item.chunks(), stamp))
                report(index * 90 // (len(documents) + 1))
            relative = [
                SipFile(f.path.removeprefix(f"{objid}/"), f.size, f.sha256, f.mimetype)
                for f in data
            ]
            rep_mets = _store(
                archive,
                f"{objid}/representations/{rep}/METS.xml",
                [representation_mets(case=case, files=relative, rep=rep)],
                stamp,
            )
            premis = _store(
                archive,
                f"{objid}/metadata/preservation/premis.xml",
                [preservation_premis(case=case, files=relative, rep=rep)],
                stamp,
            )
            dc = _store(
                archive, f"{objid}/metadata/descriptive/dc.xml", [descriptive_dc(case)], stamp
            )
            metadata = {"dc": dc, "premis": premis}
            root = _store(
                archive,
                f"{objid}/METS.xml",
                [package_mets(case=case, objid=objid, metadata=metadata, rep=rep_mets)],
                stamp,
            )
            written = [*data, rep_mets, premis, dc, root]
        report(95)
        return sip_filename(case), written
