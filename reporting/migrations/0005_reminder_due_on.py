"""Reminders remember the deadline date they were about, so that a moved deadline is
reminded of again; a sending state and the time of the last attempt."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

import reporting.models.deadlines


def fill_due_on(apps, schema_editor):
    Reminder = apps.get_model("reporting", "Reminder")
    Deadline = apps.get_model("reporting", "Deadline")
    Reminder.objects.update(
        due_on=Subquery(Deadline.objects.filter(pk=OuterRef("deadline_id")).values("due_on")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0004_followup")]

    operations = [
        migrations.RemoveConstraint(
            model_name="reminder", name="reminder_once_per_deadline_recipient_offset"
        ),
        migrations.AddField(
            model_name="reminder",
            name="due_on",
            field=models.DateField(null=True, verbose_name="deadline date reminded of"),
        ),
        migrations.RunPython(fill_due_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reminder",
            name="due_on",
            field=reporting.models.deadlines.DeadlineDateField(
                verbose_name="deadline date reminded of"
            ),
        ),
        migrations.AddField(
            model_name="reminder",
            name="attempted_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last attempt"),
        ),
        migrations.AlterField(
            model_name="reminder",
            name="state",
            field=models.CharField(
                choices=[
                    ("pending", "Waiting to be sent"),
                    ("sending", "Being sent"),
                    ("sent", "Sent"),
                    ("failed", "Could not be sent"),
                ],
                default="pending",
                max_length=10,
                verbose_name="state",
            ),
        ),
        migrations.AddConstraint(
            model_name="reminder",
            constraint=models.UniqueConstraint(
                fields=("deadline", "recipient", "kind", "offset_days", "due_on"),
                name="reminder_once_per_deadline_date_recipient_offset",
            ),
        ),
    ]
