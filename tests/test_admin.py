"""The admin, as the national administrator (a superuser) uses it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from actors.models import SentEmail
from pledges.demo import REFERENCE_SLUG
from pledges.models import Measure, Pledge
from tests import factories

# The portal's own models; third-party admins (axes, tasks) are their projects' to test.
MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in ("actors", "pledges", "followup")),
    key=lambda m: m._meta.label,
)
IDS = [m._meta.label for m in MODELS]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client(client, shared_demo, national_admin):
    Group.objects.get_or_create(name="Samordnare")
    client.force_login(national_admin)
    return client


def test_every_model_can_be_reached_in_the_admin():
    """Registered, or edited inline on a registered model's page."""
    inline_models = {
        inline.model
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
    }
    for app in ("actors", "pledges", "followup"):
        for model in apps.get_app_config(app).get_models():
            if not model.__name__.startswith("Historical"):
                assert model in admin.site._registry or model in inline_models, model


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_admin_page_of_every_model(admin_client, model):
    """Changelist, search, change, add and history pages (one test per model: the demo is
    loaded once for all of them)."""
    model_admin = admin.site._registry[model]
    if model is SentEmail:
        # Only a worker's task makes one; the demo runs none.
        SentEmail.objects.create(key="0" * 64)
    obj = model._default_manager.order_by("-pk").first()
    assert obj is not None, "the demo has no row to open"

    response = admin_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200, "changelist"
    assert response.context["cl"].result_count == model._default_manager.count()

    assert model_admin.search_fields, "no search box"
    assert 'id="searchbar"' in response.content.decode()
    response = admin_client.get(admin_url(model, "changelist"), {"q": "Kronoberg"})
    assert response.status_code == 200, "search"

    response = admin_client.get(admin_url(model, "change", obj.pk))
    assert response.status_code == 200, "change page"

    response = admin_client.get(admin_url(model, "add"))
    can_add = model_admin.has_add_permission(response.wsgi_request)
    assert response.status_code == (200 if can_add else 403), "add page"

    # Django's own history, or django-simple-history's where the model has one.
    response = admin_client.get(admin_url(model, "history", obj.pk))
    assert response.status_code == 200, "history page"


def test_pledge_change_page_shows_measures_signatories_and_events(admin_client):
    pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
    response = admin_client.get(admin_url(Pledge, "change", pledge.pk))
    assert response.status_code == 200
    formsets = {f.formset.prefix: f for f in response.context["inline_admin_formsets"]}
    assert formsets["measures"].formset.initial_form_count() == pledge.measures.count() == 10
    assert formsets["signatories"].formset.initial_form_count() == 2
    assert formsets["events"].formset.initial_form_count() == pledge.events.count()
    page = response.content.decode()
    for measure in pledge.measures.filter(party="actor"):
        assert measure.heading in page
        assert measure.link_line() in page
    for signatory in pledge.signatories.all():
        assert signatory.name in page


def test_pledge_search_finds_by_actor_and_by_measure_heading(admin_client):
    url = admin_url(Pledge, "changelist")
    by_actor = admin_client.get(url, {"q": "Energikontor"}).context["cl"].result_list
    assert [p.slug for p in by_actor] == [REFERENCE_SLUG]
    # Every fictional Kronoberg pledge has a measure "Mindre matsvinn"; found once each.
    by_heading = admin_client.get(url, {"q": "matsvinn"}).context["cl"].result_list
    expected = Pledge.objects.filter(measures__heading__icontains="matsvinn").distinct()
    assert sorted(p.pk for p in by_heading) == sorted(p.pk for p in expected)
    assert len(expected) >= 2


def test_pledge_workflow_fields_are_read_only(admin_client):
    pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
    form = admin_client.get(admin_url(Pledge, "change", pledge.pk)).context["adminform"].form
    for field in ("status", *Pledge.REVISIONS, "signed_at"):
        assert field not in form.fields


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_anonymous_is_sent_to_the_login(client, db, model):
    url = admin_url(model, "changelist")
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert "next=" in response.url


def test_anonymous_is_sent_to_the_login_from_a_change_page(client, shared_demo):
    pledge = Pledge.objects.get(slug=REFERENCE_SLUG)
    response = client.get(admin_url(Pledge, "change", pledge.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_editor_cannot_enter_the_admin(client, editor_a):
    client.force_login(editor_a)
    response = client.get(admin_url(Pledge, "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_signed_pledge_is_read_only_in_the_admin(admin_client, db):
    pledge = factories.pledge_in_status(Pledge.Status.SIGNED)
    measure = pledge.measures.first()
    url = reverse("admin:pledges_pledge_change", args=[pledge.pk])

    response = admin_client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    before = Pledge.objects.filter(pk=pledge.pk).values().get()
    admin_client.post(url, {"introduction": "Ändrad i efterhand", "start_year": 2000})
    assert Pledge.objects.filter(pk=pledge.pk).values().get() == before

    measure_url = reverse("admin:pledges_measure_change", args=[measure.pk])
    admin_client.post(measure_url, {"text": "Ändrad i efterhand", "pledge": pledge.pk})
    measure.refresh_from_db()
    assert measure.text != "Ändrad i efterhand"
    response = admin_client.post(reverse("admin:pledges_measure_delete", args=[measure.pk]),
                                 {"post": "yes"})  # fmt: skip
    assert response.status_code == 403
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_an_admin_save_counts_up_the_revision(admin_client, db):
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT)
    measure = pledge.measures.first()
    before = pledge.revision
    measure_before = measure.revision
    admin_client.post(
        reverse("admin:pledges_measure_change", args=[measure.pk]),
        {
            "pledge": pledge.pk,
            "party": measure.party,
            "order": 1,
            "heading": "Ny rubrik",
            "text": measure.text,
            "links-TOTAL_FORMS": 0,
            "links-INITIAL_FORMS": 0,
        },
    )
    measure.refresh_from_db()
    assert measure.heading == "Ny rubrik"
    # A form open on the measure in the portal is told, not overwritten.
    assert measure.revision == measure_before + 1
    pledge.refresh_from_db()
    assert pledge.revision == before + 1


def test_the_admin_is_for_national_administrators_only(client, coordinator):
    # A coordinator works in the workspace, scoped to their counties; the admin
    # sees every county, so even with is_staff it is closed to them.
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    response = client.get(reverse("admin:pledges_pledge_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_the_admin_login_signs_in_national_administrators_only(client, coordinator, national_admin):
    """A coordinator's password is for the workspace: the admin's login does not sign them in."""
    coordinator.is_staff = True
    coordinator.save()
    data = {"password": "losenord-for-test", "next": "/admin/"}
    response = client.post(reverse("admin:login"), {"username": coordinator.email} | data)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors

    typed = national_admin.email.upper()
    response = client.post(reverse("admin:login"), {"username": typed} | data)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(national_admin.pk)
