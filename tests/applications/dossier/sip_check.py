"""Checks of an E-ARK SIP as an archive's reception would make them, offline: the METS files
against METS 1.12 with the CSIP/SIP attribute schemas, premis.xml against PREMIS 3.0, the
CSIP folder layout and every referenced file's SHA-256 (tests/schemas/README.md)."""

import hashlib
from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
NS = {"mets": METS, "xlink": XLINK, "csip": "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"}
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"


class _Local(etree.Resolver):
    """Remote schema locations resolved to the files kept here: no network in tests."""

    def resolve(self, url, pubid, context):
        name = url.rsplit("/", 1)[-1]
        if (SCHEMAS / name).exists():
            return self.resolve_filename(str(SCHEMAS / name), context)
        return None


def _schema(text: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Local())
    return etree.XMLSchema(etree.fromstring(text.encode(), parser, base_url=str(SCHEMAS) + "/"))


@cache
def mets_schema() -> etree.XMLSchema:
    return _schema(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xs:import namespace="http://www.loc.gov/METS/" schemaLocation="mets.xsd"/>'
        '<xs:import namespace="https://DILCIS.eu/XML/METS/CSIPExtensionMETS"'
        ' schemaLocation="DILCISExtensionMETS.xsd"/>'
        '<xs:import namespace="https://DILCIS.eu/XML/METS/SIPExtensionMETS"'
        ' schemaLocation="DILCISExtensionSIPMETS.xsd"/>'
        "</xs:schema>"
    )


@cache
def premis_schema() -> etree.XMLSchema:
    return _schema((SCHEMAS / "premis.xsd").read_text())


def schema_errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    document = etree.fromstring(data, etree.XMLParser(no_network=True))
    if schema.validate(document):
        return []
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def _csip_rules(mets: etree._Element, *, representation: bool) -> list[str]:
    """The CSIP requirements simple to check on a METS document (CSIP1–6, 80, 117 …)."""
    errors = []
    csip = f"{{{NS['csip']}}}"
    for name in ("OBJID", "TYPE", "PROFILE"):
        if not mets.get(name):
            errors.append(f"mets/@{name} missing")
    if mets.get("PROFILE") != PROFILE:
        errors.append("mets/@PROFILE is not the E-ARK SIP profile")
    if mets.get("TYPE") == "Other" and not mets.get(f"{csip}OTHERTYPE"):
        errors.append("mets/@csip:OTHERTYPE missing")
    if not mets.get(f"{csip}CONTENTINFORMATIONTYPE"):
        errors.append("mets/@csip:CONTENTINFORMATIONTYPE missing")
    header = mets.find("mets:metsHdr", NS)
    if header is None or header.get(f"{csip}OAISPACKAGETYPE") != "SIP":
        errors.append("metsHdr/@csip:OAISPACKAGETYPE is not SIP")
    elif not header.xpath(
        "mets:agent[@ROLE='CREATOR'][@OTHERTYPE='SOFTWARE']/mets:name", namespaces=NS
    ):
        errors.append("metsHdr has no software agent")
    if len(mets.xpath("mets:structMap[@LABEL='CSIP']", namespaces=NS)) != 1:
        errors.append("not exactly one structMap labelled CSIP")
    if not representation and not mets.xpath("mets:dmdSec", namespaces=NS):
        errors.append("no dmdSec")
    for file in mets.xpath("//mets:file | //mets:mdRef", namespaces=NS):
        if file.get("CHECKSUMTYPE") != "SHA-256" or not file.get("CHECKSUM"):
            errors.append(f"{file.get('ID')}: no SHA-256 checksum")
    return errors


def _references(mets: etree._Element) -> list[tuple[str, str, int]]:
    """(href, checksum, size) of every file the METS lists (fileSec and metadata)."""
    rows = []
    for file in mets.xpath("//mets:fileSec//mets:file", namespaces=NS):
        href = file.find("mets:FLocat", NS).get(f"{{{XLINK}}}href")
        rows.append((href, file.get("CHECKSUM"), int(file.get("SIZE"))))
    for ref in mets.xpath("//mets:mdRef", namespaces=NS):
        rows.append((ref.get(f"{{{XLINK}}}href"), ref.get("CHECKSUM"), int(ref.get("SIZE"))))
    return rows


def sip_errors(files: dict[str, bytes]) -> list[str]:
    """Everything wrong with the SIP (its files by path, as in the ZIP); none when valid."""
    roots = {path.split("/", 1)[0] for path in files}
    if len(roots) != 1:
        return [f"not one package folder: {sorted(roots)}"]
    objid = roots.pop()
    errors = []
    for required in ("METS.xml", "metadata/preservation/premis.xml"):
        if f"{objid}/{required}" not in files:
            errors.append(f"{required} missing")
    if errors:
        return errors
    errors += schema_errors(premis_schema(), files[f"{objid}/metadata/preservation/premis.xml"])
    documents = [(f"{objid}/", False)]
    documents += [
        (path.removesuffix("METS.xml"), True)
        for path in files
        if path.startswith(f"{objid}/representations/")
        and path.count("/") == 3
        and path.endswith("/METS.xml")
    ]
    if len(documents) == 1:
        errors.append("no representation with its METS.xml")
    for folder, representation in documents:
        data = files[f"{folder}METS.xml"]
        errors += [f"{folder}METS.xml {e}" for e in schema_errors(mets_schema(), data)]
        mets = etree.fromstring(data)
        errors += [
            f"{folder}METS.xml {e}" for e in _csip_rules(mets, representation=representation)
        ]
        if mets.get("OBJID") != folder.rstrip("/").rsplit("/", 1)[-1]:
            errors.append(f"{folder}METS.xml: OBJID is not its folder's name")
        for href, checksum, size in _references(mets):
            content = files.get(folder + href)
            if content is None:
                errors.append(f"{folder}{href}: listed but not in the package")
            elif hashlib.sha256(content).hexdigest() != checksum or len(content) != size:
                errors.append(f"{folder}{href}: checksum does not match")
    return errors
