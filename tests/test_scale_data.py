"""`manage.py load_scale_data`: the national data set (issue 19) at a small N: every
kind of row in every county, every pledge and report status, the same rows for the
same seed, and a database with anything but reference data refused unless --force."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from actors.models import Actor, County
from followup import scale_data
from followup.models import MeasureReport, Report
from pledges.models import Pledge
from tests import factories


def load(n=1, seed=1, **options):
    call_command("load_scale_data", pledges_per_county=n, seed=seed, stdout=StringIO(), **options)


@pytest.mark.django_db
def test_a_small_run_writes_every_kind_of_row_in_every_county():
    load(n=1)
    for model in scale_data.MODELS:
        assert model.objects.exists(), model._meta.label
    for county in County.objects.all():
        assert county.programmes.get().themes.count() == 8
        assert Actor.objects.filter(county=county).values("kind").distinct().count() == len(
            Actor.Kind.values
        )
        assert Pledge.objects.filter(county=county).count() == 1
    assert set(Pledge.objects.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert set(Report.objects.values_list("status", flat=True)) == set(Report.Status.values)
    statuses = set(MeasureReport.objects.values_list("status", flat=True))
    assert set(MeasureReport.Status.values) <= statuses
    assert MeasureReport.objects.exclude(evidence_url="").exists()
    assert MeasureReport.objects.filter(indicator_value__isnull=False).exists()
    for pledge in Pledge.objects.filter(status=Pledge.Status.SIGNED):
        measures = pledge.measures.filter(party="actor").count()
        assert 3 <= measures <= 10
        assert len(pledge.signed_version.content["actor_measures"]) == measures


@pytest.mark.django_db
def test_the_portal_shows_the_generated_data(client):
    load(n=1)
    pledge = Pledge.objects.filter(status=Pledge.Status.SIGNED).first()
    page = client.get(reverse("pledges:detail", args=[pledge.slug]))
    assert page.status_code == 200
    assert pledge.actor.name in page.content.decode()
    county = pledge.county
    coordinator = county.roles.get().user
    client.force_login(coordinator)
    dashboard = client.get(reverse("followup:dashboard", args=[county.slug]))
    assert dashboard.status_code == 200


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_rows():
    digests = []
    for seed in (1, 1, 2):
        # Each run in a transaction rolled back: a fresh database (but for the
        # primary keys, which the digest does not depend on) every time.
        with transaction.atomic():
            load(n=2, seed=seed)
            digests.append(scale_data.digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


@pytest.mark.django_db
def test_a_populated_database_is_refused_unless_forced():
    factories.ActorFactory(county=factories.county("07"), name="Riktig aktör AB")
    with pytest.raises(CommandError, match="annat än referensdata"):
        load(n=1)
    assert not Pledge.objects.exists()
    load(n=1, force=True)
    assert Pledge.objects.count() == County.objects.count()
    assert Actor.objects.filter(name="Riktig aktör AB").exists()
