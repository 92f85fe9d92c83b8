from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from applications.documents.signing import demo_certificate_create


class Command(BaseCommand):
    help = (
        "Create a self-signed demo certificate and key for signing approved minutes at "
        "SIGNING_CERTIFICATE and SIGNING_KEY, unless both exist (--force replaces them)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Replace existing files.")
        parser.add_argument(
            "--common-name", default="Länsmedel demo – justering av protokoll", help="CN"
        )

    def handle(self, *args, **options) -> None:
        if not settings.SIGNING_CERTIFICATE or not settings.SIGNING_KEY:
            raise CommandError("SIGNING_CERTIFICATE and SIGNING_KEY are not set.")
        certificate, key = Path(settings.SIGNING_CERTIFICATE), Path(settings.SIGNING_KEY)
        if certificate.exists() and key.exists() and not options["force"]:
            self.stdout.write(f"Signing certificate already in place: {certificate}")
            return
        subject = demo_certificate_create(
            certificate_path=certificate, key_path=key, common_name=options["common_name"]
        )
        self.stdout.write(self.style.SUCCESS(f"Created {certificate} and {key}: {subject}"))
