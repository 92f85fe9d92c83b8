"""A continuation continues a grant (not an application): an intervention over the years is
the chain grant ← application ← grant. Each continuation that named an earlier application
now names that application's standing grant (none when it was not granted). The history
table keeps its rows; its earlier references to applications are not carried over."""

import django.db.models.deletion
from django.db import migrations, models


def continued_application_to_grant(apps, schema_editor):
    Application = apps.get_model("applications", "Application")
    Grant = apps.get_model("applications", "Grant")
    for application in Application.objects.exclude(continues=None).only("pk", "continues_id"):
        grant = (
            Grant.objects.filter(application_id=application.continues_id, replaced_by=None)
            .order_by("-pk")
            .first()
        )
        if grant is not None:
            Application.objects.filter(pk=application.pk).update(continued_grant=grant)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0010_yearly_cycle"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="continued_grant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="applications.grant",
            ),
        ),
        migrations.AddField(
            model_name="historicalapplication",
            name="continued_grant",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="applications.grant",
            ),
        ),
        migrations.RunPython(continued_application_to_grant, migrations.RunPython.noop),
        migrations.RemoveField(model_name="application", name="continues"),
        migrations.RemoveField(model_name="historicalapplication", name="continues"),
        migrations.RenameField(
            model_name="application", old_name="continued_grant", new_name="continues"
        ),
        migrations.RenameField(
            model_name="historicalapplication", old_name="continued_grant", new_name="continues"
        ),
        migrations.AlterField(
            model_name="application",
            name="continues",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="continuations",
                to="applications.grant",
                verbose_name="continues the grant",
            ),
        ),
        migrations.AlterField(
            model_name="historicalapplication",
            name="continues",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="applications.grant",
                verbose_name="continues the grant",
            ),
        ),
    ]
