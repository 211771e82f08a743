from django.db import migrations


def load(apps, schema_editor):
    from pledges.reference import load_objectives_and_goals

    load_objectives_and_goals(
        apps.get_model("pledges", "EnvironmentalObjective"), apps.get_model("pledges", "GlobalGoal")
    )


class Migration(migrations.Migration):
    dependencies = [("pledges", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
