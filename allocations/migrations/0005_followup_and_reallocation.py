# Follow-up facts (requisitions, usages, reports back, repayments) and reallocations.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('allocations', '0004_distribution_keys_and_history'),
        ('applications', '0003_decisions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='GrantReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reported_on', models.DateField(verbose_name='reported on')),
                ('state', models.CharField(choices=[('submitted', 'Submitted'), ('returned', 'Returned for completion'), ('accepted', 'Accepted')], default='submitted', max_length=12, verbose_name='state')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('grant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reports', to='applications.grant', verbose_name='grant')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'report back',
                'verbose_name_plural': 'reports back',
                'ordering': ['grant', 'reported_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='GrantUsage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('invoiced', 'Invoiced'), ('used', 'Used')], max_length=12, verbose_name='kind')),
                ('amount', models.PositiveBigIntegerField(verbose_name='amount (kr)')),
                ('occurred_on', models.DateField(verbose_name='date')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('grant', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='usages', to='applications.grant', verbose_name='grant')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'invoiced or used amount',
                'verbose_name_plural': 'invoiced or used amounts',
                'ordering': ['grant', 'occurred_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Repayment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.PositiveBigIntegerField(verbose_name='amount (kr)')),
                ('repaid_on', models.DateField(verbose_name='repaid on')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='repayments', to='allocations.county', verbose_name='county')),
                ('focus_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='repayments', to='allocations.focusarea', verbose_name='focus area')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'repayment',
                'verbose_name_plural': 'repayments',
                'ordering': ['county', 'focus_area__number', 'repaid_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Requisition',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.PositiveBigIntegerField(verbose_name='amount (kr)')),
                ('requisitioned_on', models.DateField(verbose_name='requisitioned on')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requisitions', to='allocations.county', verbose_name='county')),
                ('focus_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='requisitions', to='allocations.focusarea', verbose_name='focus area')),
                ('recorded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'requisition',
                'verbose_name_plural': 'requisitions',
                'ordering': ['county', 'focus_area__number', 'requisitioned_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Reallocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.PositiveBigIntegerField(verbose_name='amount (kr)')),
                ('reference', models.CharField(blank=True, help_text='Where it was decided when not in a meeting recorded here, e.g. §12 SVOM.', max_length=200, verbose_name='decision reference')),
                ('reason', models.TextField(verbose_name='reason')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reallocations', to='allocations.agreement', verbose_name='agreement year')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reallocations', to='allocations.county', verbose_name='county')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('decided_in', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reallocations', to='applications.agendaitem', verbose_name='decided in paragraph')),
                ('from_focus_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reallocations_out', to='allocations.focusarea', verbose_name='from focus area')),
                ('to_focus_area', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reallocations_in', to='allocations.focusarea', verbose_name='to focus area')),
            ],
            options={
                'verbose_name': 'reallocation',
                'verbose_name_plural': 'reallocations',
                'ordering': ['county', 'agreement', 'created_at', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('from_focus_area', models.F('to_focus_area')), _negated=True), name='reallocation_between_two_areas'), models.CheckConstraint(condition=models.Q(('amount__gt', 0)), name='reallocation_amount_positive')],
            },
        ),
    ]
