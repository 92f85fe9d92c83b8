"""Internal case notes, and requests for public records with their maskings under OSL and
their log; a few common grounds for secrecy to start from."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import allocations.storage
import applications.models.disclosure

# The provisions of offentlighets- och sekretesslagen (2009:400) most often met in grant
# cases; the coordinator adds others.
GROUNDS = [
    ("OSL 21 kap. 7 §", "Personuppgifter vars utlämnande skulle strida mot dataskyddsförordningen"),
    ("OSL 21 kap. 1 §", "Uppgifter om enskilds hälsa eller sexualliv"),
    ("OSL 26 kap. 1 §", "Socialtjänst: enskilds personliga förhållanden"),
    ("OSL 31 kap. 16 §", "Enskilds affärs- eller driftförhållanden i ett ärende om stöd"),
    ("OSL 22 kap. 1 §", "Uppgifter om enskilds personliga förhållanden i folkbokföringen o.d."),
    ("OSL 18 kap. 8 §", "Säkerhets- och bevakningsåtgärder"),
]


def grounds_seed(apps, schema_editor):
    SecrecyGround = apps.get_model("applications", "SecrecyGround")
    for code, description in GROUNDS:
        SecrecyGround.objects.get_or_create(code=code, defaults={"description": description})


class Migration(migrations.Migration):
    dependencies = [
        ("allocations", "0012_adopter_invitations"),
        ("applications", "0013_adoption_memo_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SecrecyGround",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.CharField(max_length=60, unique=True, verbose_name="provision")),
                ("description", models.CharField(max_length=300, verbose_name="description")),
                ("active", models.BooleanField(default=True, verbose_name="in use")),
            ],
            options={
                "verbose_name": "ground for secrecy",
                "verbose_name_plural": "grounds for secrecy",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="CaseNote",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text", models.TextField(verbose_name="note")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_notes",
                        to="applications.application",
                        verbose_name="application",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
            ],
            options={
                "verbose_name": "case note",
                "verbose_name_plural": "case notes",
                "ordering": ["application", "created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="DisclosureRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "requester_name",
                    models.CharField(blank=True, max_length=200, verbose_name="requested by"),
                ),
                (
                    "requester_contact",
                    models.CharField(blank=True, max_length=300, verbose_name="contact"),
                ),
                ("received_on", models.DateField(verbose_name="received")),
                (
                    "search_text",
                    models.CharField(blank=True, max_length=200, verbose_name="free-text search"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("under_review", "Gathered, under review"),
                            ("delivered", "Delivered in full"),
                            ("delivered_in_part", "Delivered in part"),
                            ("refused", "Refused"),
                        ],
                        default="received",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                (
                    "registered_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="registered"),
                ),
                (
                    "gathered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="gathered"),
                ),
                (
                    "masked_copy",
                    models.FileField(
                        blank=True,
                        storage=allocations.storage.private_storage,
                        upload_to=applications.models.disclosure.disclosure_path,
                        verbose_name="masked copy",
                    ),
                ),
                (
                    "masked_copy_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
                ),
                (
                    "withholding_decision",
                    models.FileField(
                        blank=True,
                        storage=allocations.storage.private_storage,
                        upload_to=applications.models.disclosure.disclosure_path,
                        verbose_name="decision on what was withheld",
                    ),
                ),
                (
                    "withholding_decision_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
                ),
                (
                    "delivered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="delivered"),
                ),
                (
                    "delivery_method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("email", "By e-mail"),
                            ("paper", "On paper by post"),
                            ("in_person", "In person at the office"),
                        ],
                        max_length=12,
                        verbose_name="delivered how",
                    ),
                ),
                (
                    "applications",
                    models.ManyToManyField(
                        related_name="disclosure_requests",
                        to="applications.application",
                        verbose_name="cases",
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="disclosure_requests",
                        to="allocations.county",
                        verbose_name="county",
                    ),
                ),
                (
                    "delivered_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="delivered by",
                    ),
                ),
                (
                    "registered_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="registered by",
                    ),
                ),
            ],
            options={
                "verbose_name": "request for public records",
                "verbose_name_plural": "requests for public records",
                "ordering": ["-received_on", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalCaseNote",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                ("text", models.TextField(verbose_name="note")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="written"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="applications.application",
                        verbose_name="application",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical case note",
                "verbose_name_plural": "historical case notes",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDisclosureRequest",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                (
                    "requester_name",
                    models.CharField(blank=True, max_length=200, verbose_name="requested by"),
                ),
                (
                    "requester_contact",
                    models.CharField(blank=True, max_length=300, verbose_name="contact"),
                ),
                ("received_on", models.DateField(verbose_name="received")),
                (
                    "search_text",
                    models.CharField(blank=True, max_length=200, verbose_name="free-text search"),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("under_review", "Gathered, under review"),
                            ("delivered", "Delivered in full"),
                            ("delivered_in_part", "Delivered in part"),
                            ("refused", "Refused"),
                        ],
                        default="received",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                (
                    "registered_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="registered"),
                ),
                (
                    "gathered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="gathered"),
                ),
                (
                    "masked_copy",
                    models.TextField(blank=True, max_length=100, verbose_name="masked copy"),
                ),
                (
                    "masked_copy_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
                ),
                (
                    "withholding_decision",
                    models.TextField(
                        blank=True, max_length=100, verbose_name="decision on what was withheld"
                    ),
                ),
                (
                    "withholding_decision_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
                ),
                (
                    "delivered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="delivered"),
                ),
                (
                    "delivery_method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("email", "By e-mail"),
                            ("paper", "On paper by post"),
                            ("in_person", "In person at the office"),
                        ],
                        max_length=12,
                        verbose_name="delivered how",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="allocations.county",
                        verbose_name="county",
                    ),
                ),
                (
                    "delivered_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="delivered by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "registered_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="registered by",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical request for public records",
                "verbose_name_plural": "historical requests for public records",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalSecrecyGround",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                ("code", models.CharField(db_index=True, max_length=60, verbose_name="provision")),
                ("description", models.CharField(max_length=300, verbose_name="description")),
                ("active", models.BooleanField(default=True, verbose_name="in use")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "historical ground for secrecy",
                "verbose_name_plural": "historical grounds for secrecy",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="RequestEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "from_state",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("received", "Received"),
                            ("under_review", "Gathered, under review"),
                            ("delivered", "Delivered in full"),
                            ("delivered_in_part", "Delivered in part"),
                            ("refused", "Refused"),
                        ],
                        max_length=20,
                        verbose_name="from",
                    ),
                ),
                (
                    "to_state",
                    models.CharField(
                        choices=[
                            ("received", "Received"),
                            ("under_review", "Gathered, under review"),
                            ("delivered", "Delivered in full"),
                            ("delivered_in_part", "Delivered in part"),
                            ("refused", "Refused"),
                        ],
                        max_length=20,
                        verbose_name="to",
                    ),
                ),
                (
                    "at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="when"),
                ),
                (
                    "method",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("email", "By e-mail"),
                            ("paper", "On paper by post"),
                            ("in_person", "In person at the office"),
                        ],
                        max_length=12,
                        verbose_name="delivered how",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="note")),
                (
                    "by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="applications.disclosurerequest",
                        verbose_name="request",
                    ),
                ),
            ],
            options={
                "verbose_name": "event of a request",
                "verbose_name_plural": "events of requests",
                "ordering": ["request", "at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Masking",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("part", models.CharField(max_length=80, verbose_name="part of the record")),
                ("passage", models.TextField(blank=True, verbose_name="passage")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="masked")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="masked by",
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="maskings",
                        to="applications.disclosurerequest",
                        verbose_name="request",
                    ),
                ),
                (
                    "ground",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="maskings",
                        to="applications.secrecyground",
                        verbose_name="ground for secrecy",
                    ),
                ),
            ],
            options={
                "verbose_name": "masking",
                "verbose_name_plural": "maskings",
                "ordering": ["request", "pk"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalMasking",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "ip_address",
                    models.GenericIPAddressField(blank=True, null=True, verbose_name="IP address"),
                ),
                ("part", models.CharField(max_length=80, verbose_name="part of the record")),
                ("passage", models.TextField(blank=True, verbose_name="passage")),
                (
                    "created_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="masked"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="masked by",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "request",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="applications.disclosurerequest",
                        verbose_name="request",
                    ),
                ),
                (
                    "ground",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="applications.secrecyground",
                        verbose_name="ground for secrecy",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical masking",
                "verbose_name_plural": "historical maskings",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddIndex(
            model_name="disclosurerequest",
            index=models.Index(fields=["county", "state"], name="disclosure_county_state"),
        ),
        migrations.AddConstraint(
            model_name="disclosurerequest",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("state__in", ["delivered", "delivered_in_part", "refused"]), _negated=True
                    ),
                    models.Q(
                        ("delivered_at__isnull", False),
                        ("delivered_by__isnull", False),
                        models.Q(("delivery_method", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="disclosure_delivered_in_full",
            ),
        ),
        migrations.RunPython(grounds_seed, migrations.RunPython.noop),
    ]
