import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0009_api_tokens"),
        ("allocations", "0012_adopter_invitations"),
        ("applications", "0014_case_notes_and_disclosure"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="outgoingemail",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "Receipt of an application"),
                    ("completion", "Request for completion"),
                    ("decision", "Decision notice"),
                    ("reminder", "Deadline reminder"),
                    ("notification", "Notification of an event"),
                    ("digest", "Daily digest of notifications"),
                    ("problem_report", "Accessibility problem report"),
                    ("bulk", "Message to the applicants of a call"),
                    ("system", "Account e-mail (password reset and others)"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="BulkMessage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("completion_requested", "Completion requested"),
                            ("resubmitted", "Completed and resubmitted"),
                            ("in_review", "In review"),
                            ("proposed", "Proposed for decision"),
                            ("approved", "Approved"),
                            ("approved_in_part", "Approved in part"),
                            ("rejected", "Rejected"),
                            ("withdrawn", "Withdrawn"),
                            ("ineligible", "Rejected as ineligible"),
                        ],
                        help_text="Empty: the applicants of every application of the call.",
                        max_length=30,
                        verbose_name="applications in status",
                    ),
                ),
                ("subject", models.CharField(max_length=200, verbose_name="subject")),
                ("body", models.TextField(verbose_name="message")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "Not sent yet"),
                            ("queued", "Being sent"),
                            ("sent", "Handed to the mail outbox"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="written")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent")),
                (
                    "call",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bulk_messages",
                        to="applications.call",
                        verbose_name="call",
                    ),
                ),
                (
                    "county",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="bulk_messages",
                        to="allocations.county",
                        verbose_name="county",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="written by",
                    ),
                ),
                (
                    "sent_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="sent by",
                    ),
                ),
            ],
            options={
                "verbose_name": "message to applicants",
                "verbose_name_plural": "messages to applicants",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(fields=["county", "-created_at"], name="bulk_county_created")
                ],
            },
        ),
        migrations.CreateModel(
            name="BulkRecipient",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("email", models.EmailField(max_length=254, verbose_name="e-mail address")),
                (
                    "message",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="recipients",
                        to="reporting.bulkmessage",
                        verbose_name="message",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="allocations.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "outgoing",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="bulk_recipient",
                        to="reporting.outgoingemail",
                        verbose_name="e-mail",
                    ),
                ),
            ],
            options={
                "verbose_name": "recipient",
                "verbose_name_plural": "recipients",
                "ordering": ["email", "pk"],
                "constraints": [
                    models.UniqueConstraint(fields=("message", "email"), name="bulk_recipient_once")
                ],
            },
        ),
    ]
