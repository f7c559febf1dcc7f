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
        batch.append(
            Participant(pk=pk, search_key=participant_search_key(first_name, last_name, external_id))
        )
        if len(batch) == 2000:
            Participant.objects.bulk_update(batch, ["search_key"])
            batch = []
    Participant.objects.bulk_update(batch, ["search_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("participants", "0004_importjob"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="search_key",
            field=models.CharField(
                blank=True, editable=False, max_length=600, verbose_name="search key"
            ),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(fields=["project", "birth_date"], name="participant_birth_date"),
        ),
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                fields=["project", "organisation", "search_key"], name="participant_tenant_search"
            ),
        ),
    ]
