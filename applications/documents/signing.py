"""The PAdES signature of approved minutes (baseline B-B, pyHanko) and its validation.

The installation signs with the certificate and key named in the settings
(`SIGNING_CERTIFICATE`, `SIGNING_KEY`, `SIGNING_KEY_PASSPHRASE`); `manage.py
signing_certificate_create` makes a self-signed one for the demo. Without them the minutes
are made unsigned, and that is said wherever they are listed. Validation takes the
configured certificate as its only trust root: a signature by anyone else, or a file
changed after signing, is not valid.
"""

import io
import logging
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

# The signature field that holds the adjusting signature (justering) of the minutes.
SIGNATURE_FIELD = "Justering"


@dataclass(frozen=True)
class SignedPdf:
    content: bytes
    signed_at: datetime
    subject: str


@dataclass(frozen=True)
class SignatureCheck:
    """What validation found: `valid` only if the signature is intact, trusted and covers
    the whole file. `signer` and `signed_at` come from the signature itself."""

    valid: bool
    signer: str = ""
    signed_at: datetime | None = None
    problem: str = ""


def _paths() -> tuple[Path, Path] | None:
    certificate = getattr(settings, "SIGNING_CERTIFICATE", "")
    key = getattr(settings, "SIGNING_KEY", "")
    if not certificate or not key:
        return None
    certificate, key = Path(certificate), Path(key)
    if not certificate.is_file() or not key.is_file():
        return None
    return certificate, key


def signing_configured() -> bool:
    """A certificate and key are named in the settings and both files exist."""
    return _paths() is not None


def _passphrase() -> bytes | None:
    passphrase = getattr(settings, "SIGNING_KEY_PASSPHRASE", "")
    return passphrase.encode() if passphrase else None


@contextmanager
def _quiet_imports():
    # pyHanko imports cryptography's DSA support, which warns that DSA is deprecated;
    # our keys are RSA or EC, so the warning says nothing about them.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="DSA is deprecated")
        yield


def _trust_root():
    from pyhanko.keys import load_cert_from_pemder

    paths = _paths()
    return load_cert_from_pemder(str(paths[0])) if paths else None


def certificate_subject() -> str:
    """The configured certificate's subject as people read it ("Common Name: …, …")."""
    with _quiet_imports():
        certificate = _trust_root()
    return certificate.subject.human_friendly if certificate is not None else ""


def pdf_sign(*, content: bytes, reason: str, location: str = "") -> SignedPdf | None:
    """The PDF with a PAdES B-B signature over the whole file, appended as an incremental
    update (the PDF/A rendering is left as it was); None when no certificate is configured."""
    paths = _paths()
    if paths is None:
        return None
    with _quiet_imports():
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers

        certificate, key = paths
        signer = signers.SimpleSigner.load(str(key), str(certificate), key_passphrase=_passphrase())
        if signer is None:
            raise ValueError("The signing key or certificate could not be read.")
        writer = IncrementalPdfFileWriter(io.BytesIO(content))
        signed_at = timezone.now()
        metadata = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason,
            location=location or None,
        )
        output = signers.PdfSigner(metadata, signer=signer).sign_pdf(writer)
        subject = signer.signing_cert.subject.human_friendly
    return SignedPdf(content=output.getvalue(), signed_at=signed_at, subject=subject[:300])


def _signer_name(certificate) -> str:
    """The certificate's common name, or its whole subject when it has none."""
    if certificate is None:
        return ""
    return certificate.subject.native.get("common_name") or certificate.subject.human_friendly


def pdf_signature_check(*, content: bytes) -> SignatureCheck:
    """Validate the file's signature against the configured certificate. Never raises: a
    damaged file or a missing certificate is a check that did not pass, with the reason."""
    from django.utils.translation import gettext as _

    with _quiet_imports():
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

        trust_root = _trust_root()
        if trust_root is None:
            return SignatureCheck(
                valid=False, problem=_("No signing certificate is configured to check it with.")
            )
        try:
            signatures = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
            if not signatures:
                return SignatureCheck(valid=False, problem=_("The file carries no signature."))
            status = validate_pdf_signature(
                signatures[-1], ValidationContext(trust_roots=[trust_root])
            )
        except Exception as exc:  # noqa: BLE001 - a broken file is an invalid signature
            logger.info("Signature check failed: %s", exc)
            return SignatureCheck(
                valid=False, problem=_("The signature could not be read: the file is damaged.")
            )
        signer = _signer_name(status.signing_cert)
        signed_at = status.signer_reported_dt
        if not status.intact:
            problem = _("The file has been changed after it was signed.")
        elif not status.valid:
            problem = _("The signature does not match the signing certificate.")
        elif not status.trusted:
            problem = _("The signature is not made with this installation's certificate.")
        elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problem = _("Something has been added to the file after it was signed.")
        else:
            return SignatureCheck(valid=True, signer=signer, signed_at=signed_at)
    return SignatureCheck(valid=False, signer=signer, signed_at=signed_at, problem=problem)


def demo_certificate_create(
    *, certificate_path: Path, key_path: Path, common_name: str, years: int = 5
) -> str:
    """A self-signed certificate (RSA 3072, for document signing) and its key as PEM files,
    the key readable by the owner only and encrypted when a passphrase is set. For the demo
    and tests: production names a certificate issued to the organisation. Returns the
    subject."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Länsmedel (demo)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    passphrase = _passphrase()
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    certificate_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.touch(mode=0o600, exist_ok=True)
    key_path.chmod(0o600)
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    )
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    with _quiet_imports():
        from pyhanko.keys import load_cert_from_pemder

        return load_cert_from_pemder(str(certificate_path)).subject.human_friendly
