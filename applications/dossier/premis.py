"""The preservation metadata of a SIP in PREMIS 3: the representations and their files
(size, format, SHA-256), the cases' events (the application handed in, each case note
written, the decision, the packaging) and the agents who took part (the county, the
applicant organisations, this software). Shared by the single case's and the year's SIP.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from lxml import etree

from applications.dossier.archive import NOTES_PATH, person_name
from applications.dossier.selectors import DossierCase

PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SOFTWARE = "Länsmedel"


@dataclass(frozen=True)
class SipFile:
    """One file written into the package: its path inside the package folder."""

    path: str
    size: int
    sha256: str
    mimetype: str


def _p(tag: str) -> str:
    return f"{{{PREMIS}}}{tag}"


def software_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lansmedel")
    except PackageNotFoundError:
        return "0"


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


@dataclass(frozen=True)
class PremisEvent:
    """An event of a case for PREMIS: what, when, and the objects it brought about."""

    kind: str
    at: Any
    detail: str
    objects: tuple[str, ...]
    applicant: Any = None  # the organisation that took part, if any
    program: bool = False  # carried out by this software


def premis_root() -> etree._Element:
    return etree.Element(_p("premis"), nsmap={"premis": PREMIS, "xsi": XSI}, version="3.0")


def premis_objects(root: etree._Element, *, files: list[SipFile], rep: str) -> None:
    """The representation and each of its files (size, format, SHA-256)."""
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


def case_events(case: DossierCase, *, files: list[SipFile], rep: str) -> list[PremisEvent]:
    """The case's events: the application handed in, each case note written (the notes
    document is their outcome), the decision."""
    applicant = case.application.organisation if case.application is not None else None
    events = []
    if case.application is not None and case.application.submitted_at:
        at = case.application.submitted_at
        events.append(PremisEvent("creation", at, "Ansökan lämnades in.", (rep,), applicant))
    notes = [f.path for f in files if f.path.endswith(f"/data/{NOTES_PATH}")]
    for note in case.notes if notes else []:
        detail = f"Tjänsteanteckning skrevs av {person_name(note.author)}."
        events.append(PremisEvent("creation", note.created_at, detail, tuple(notes)))
    if case.decision.decided_at:
        detail = f"Beslut: {case.decision.get_outcome_display()}."
        events.append(PremisEvent("decision", case.decision.decided_at, detail, (rep,)))
    return events


def packaging_event(reps: list[str]) -> PremisEvent:
    return PremisEvent(
        "information package creation", timezone.now(), "SIP skapades.", tuple(reps), program=True
    )


def premis_events(root: etree._Element, events: list[PremisEvent], *, county, start: int = 1):
    """The events with identifiers event-<n> from `start`, the county as the authority."""
    for index, item in enumerate(events, start=start):
        event = etree.SubElement(root, _p("event"))
        _identifier(event, "local", f"event-{index}", prefix="event")
        etree.SubElement(event, _p("eventType")).text = item.kind
        at = timezone.localtime(item.at).isoformat()
        etree.SubElement(event, _p("eventDateTime")).text = at
        information = etree.SubElement(event, _p("eventDetailInformation"))
        etree.SubElement(information, _p("eventDetail")).text = item.detail
        outcome = etree.SubElement(event, _p("eventOutcomeInformation"))
        etree.SubElement(outcome, _p("eventOutcome")).text = "success"
        if item.applicant is not None:
            _link(event, "Agent", "local", f"organisation:{item.applicant.pk}", "applicant")
        _link(event, "Agent", "local", f"county:{county.slug}", "executing authority")
        if item.program:
            _link(event, "Agent", "local", "software:lansmedel", "executing program")
        for obj in item.objects:
            _link(event, "Object", "local", obj, "outcome")


def premis_agents(root: etree._Element, *, county, applicants: list) -> None:
    """The county, each applicant organisation once, and this software."""
    agents = [(f"county:{county.slug}", county.name, "organization", None)]
    seen = set()
    for applicant in applicants:
        if applicant is not None and applicant.pk not in seen:
            seen.add(applicant.pk)
            ident = f"organisation:{applicant.pk}"
            agents.append((ident, applicant.name, "organization", None))
    agents.append(("software:lansmedel", SOFTWARE, "software", software_version()))
    for ident, name, kind, version in agents:
        agent = etree.SubElement(root, _p("agent"))
        _identifier(agent, "local", ident, prefix="agent")
        etree.SubElement(agent, _p("agentName")).text = name
        etree.SubElement(agent, _p("agentType")).text = kind
        if version:
            etree.SubElement(agent, _p("agentVersion")).text = version
