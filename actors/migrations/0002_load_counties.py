from django.db import migrations


def load(apps, schema_editor):
    from actors.reference import load_counties

    load_counties(apps.get_model("actors", "County"))


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
