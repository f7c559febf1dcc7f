import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_search_keys(apps, schema_editor):
    """The search key of every participant there is (`participant_search_key`)."""
    from quartier.participants.models import participant_search_key

    Participant = apps.get_model("participants", "Participant")
    rows = Participant.objects.order_by("pk").values_list(
        "pk", "first_name", "last_name", "external_id"
    )
    batch = []
    for pk, first_name, last_name, external_id in rows.iterator(chunk_size=2000):
        key = participant_search_key(first_name, last_name, external_id)
        batch.append(Participant(pk=pk, search_key=key))
        if len(batch) == 2000:
            Participant.objects.bulk_update(batch, ["search_key"])
            batch = []
    Participant.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
        ('participants', '0004_importjob'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='RequestEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('assigned', 'assigned'), ('step', 'status changed'), ('closed', 'closed')], max_length=10, verbose_name='action')),
                ('step', models.CharField(blank=True, choices=[('', 'new'), ('called', 'called'), ('appointment', 'appointment made'), ('done', 'done'), ('not_reached', 'not reached')], max_length=12, verbose_name='step')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
            ],
            options={
                'verbose_name': 'step of an appointment request',
                'verbose_name_plural': 'steps of appointment requests',
                'ordering': ['at', 'id'],
            },
        ),
        migrations.AddField(
            model_name='firstcontact',
            name='assigned_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_requests', to=settings.AUTH_USER_MODEL, verbose_name='assigned to'),
        ),
        migrations.AddField(
            model_name='firstcontact',
            name='closed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='closed at'),
        ),
        migrations.AddField(
            model_name='firstcontact',
            name='closed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='closed by'),
        ),
        migrations.AddField(
            model_name='firstcontact',
            name='request_step',
            field=models.CharField(blank=True, choices=[('', 'new'), ('called', 'called'), ('appointment', 'appointment made'), ('done', 'done'), ('not_reached', 'not reached')], default='', max_length=12, verbose_name='step'),
        ),
        migrations.AddField(
            model_name='participant',
            name='search_key',
            field=models.CharField(blank=True, editable=False, max_length=600, verbose_name='search key'),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['project', 'birth_date'], name='participant_birth_date'),
        ),
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['project', 'organisation', 'search_key'], name='participant_tenant_search'),
        ),
        migrations.AddField(
            model_name='requestevent',
            name='assigned_to',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned to'),
        ),
        migrations.AddField(
            model_name='requestevent',
            name='by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by'),
        ),
        migrations.AddField(
            model_name='requestevent',
            name='first_contact',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='request_events', to='participants.firstcontact', verbose_name='appointment request'),
        ),
    ]
