# Background exports with their progress.

import django.db.models.deletion
import reporting.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ExportJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40, verbose_name='kind')),
                ('params', models.JSONField(blank=True, default=dict, verbose_name='parameters')),
                ('format', models.CharField(max_length=8, verbose_name='format')),
                ('state', models.CharField(choices=[('queued', 'Queued'), ('running', 'Being prepared'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=12, verbose_name='state')),
                ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                ('rows', models.PositiveIntegerField(default=0, verbose_name='rows')),
                ('file', models.FileField(blank=True, storage=reporting.models._private_storage, upload_to=reporting.models.export_path, verbose_name='file')),
                ('filename', models.CharField(blank=True, max_length=200, verbose_name='file name')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('requested_at', models.DateTimeField(auto_now_add=True, verbose_name='requested')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('requested_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
            ],
            options={
                'verbose_name': 'export',
                'verbose_name_plural': 'exports',
                'ordering': ['-requested_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='export_progress_at_most_100')],
            },
        ),
    ]
