"""Who may open and change what in the pledge editor, and in which status.

Every view is tried by the whole cast (DESIGN.md, "Conventions"). A pledge
outside someone's counties and organisations is a 404 that gives nothing of
it away; one they see but may not change now is a 403; and a refused POST
changes no row.
"""

import pytest
from django.urls import reverse

from pledges.exceptions import ContentLocked
from pledges.models import Measure, MeasureLink, Party, Pledge, Signatory
from tests import factories

from .editor_pages import measure_data, pledge_data, signatories_data, stored

S = Pledge.Status

SECRET_INTRODUCTION = "Vi tänker bygga solcellsparken vid Helgasjön före 2026."
SECRET_HEADING = "Laddplatser vid kontoret i Alvesta"


@pytest.fixture
def draft(actor_a):
    """Actor A's draft: two actor measures (one can move), a board commitment, two signatories."""
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a, introduction=SECRET_INTRODUCTION)
    last = pledge.measures.get(party=Party.ACTOR)
    factories.MeasureFactory(pledge=pledge, heading=SECRET_HEADING, order=last.order + 1)
    return pledge


def first_actor_measure(pledge):
    return pledge.measures.filter(party=Party.ACTOR).order_by("order", "pk").first()


# What each view is sent to do. Every POST here would change the pledge if it
# were allowed, so "nothing changed" means the refusal is real.
VIEWS = {
    "edit GET": ("edit", "get", None),
    "edit POST": (
        "edit",
        "post",
        lambda p, m: pledge_data(p, introduction="Ändrad av någon."),
    ),
    "preview GET": ("preview", "get", None),
    "transition POST": (
        "transition",
        "post",
        lambda p, m: {"action": "submit", "revision": p.revision, "note": ""},
    ),
    "history GET": ("history", "get", None),
    "signatories GET": ("signatories", "get", None),
    "signatories POST": (
        "signatories",
        "post",
        lambda p, m: signatories_data(p, name="Någon Annan"),
    ),
    "measure_create GET": ("measure_create", "get", None),
    "measure_create POST": (
        "measure_create",
        "post",
        lambda p, m: measure_data(p.revision, heading="Ny åtgärd", text="Vi gör mer."),
    ),
    "measure_quick_add POST": (
        "measure_quick_add",
        "post",
        lambda p, m: {
            "quick-revision": p.revision,
            "quick-heading": "Snabb åtgärd",
            "quick-text": "Vi gör det snabbt.",
            "part": "actor",
        },
    ),
    "measure_edit GET": ("measure_edit", "get", None),
    "measure_edit POST": (
        "measure_edit",
        "post",
        lambda p, m: measure_data(m.revision, heading="Ändrad rubrik", text=m.text),
    ),
    "measure_delete POST": ("measure_delete", "post", lambda p, m: {"revision": m.revision}),
    "measure_move POST": (
        "measure_move",
        "post",
        lambda p, m: {
            "revision": m.revision,
            "order_revision": p.order_revision,
            "direction": "down",
        },
    ),
}
MEASURE_VIEWS = {"measure_edit", "measure_delete", "measure_move"}


def request_view(client, view, pledge):
    name, method, data = VIEWS[view]
    measure = first_actor_measure(pledge)
    args = [pledge.pk, measure.pk] if name in MEASURE_VIEWS else [pledge.pk]
    url = reverse(f"pledges:{name}", args=args)
    if method == "get":
        return client.get(url)
    return client.post(url, data(pledge, measure))


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_is_sent_to_the_login_page(client, draft, view):
    before = stored(draft)

    response = request_view(client, view, draft)

    assert response.status_code == 302
    login = reverse("login")
    assert response.url.startswith(f"{login}?next=")
    assert stored(draft) == before


@pytest.mark.parametrize("outsider", ["editor_b", "other_coordinator"])
@pytest.mark.parametrize("view", VIEWS)
def test_outsiders_get_a_404_that_gives_nothing_away(as_user, client, draft, view, outsider):
    as_user(outsider)
    before = stored(draft)

    response = request_view(client, view, draft)

    assert response.status_code == 404
    content = response.content.decode()
    assert SECRET_INTRODUCTION not in content
    assert SECRET_HEADING not in content
    assert stored(draft) == before


@pytest.mark.parametrize("insider", ["editor_a", "coordinator", "national_admin"])
@pytest.mark.parametrize("view", VIEWS)
def test_the_actors_editor_its_coordinator_and_the_national_admin_may(
    as_user, client, draft, view, insider
):
    as_user(insider)
    before = stored(draft)

    response = request_view(client, view, draft)

    if VIEWS[view][1] == "get":
        assert response.status_code == 200
        assert draft.actor.name in response.content.decode()
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("pledges:edit", args=[draft.pk]).rstrip("/"))
        assert stored(draft) != before


# The views that are not about one pledge.


@pytest.mark.parametrize("name", ["workspace", "pledges:create"])
def test_anonymous_is_sent_to_the_login_page_from_the_workspace_and_create(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("outsider", ["editor_b", "other_coordinator"])
def test_outsiders_workspace_does_not_list_the_pledge(as_user, client, draft, outsider):
    as_user(outsider)

    response = client.get(reverse("workspace"))

    assert response.status_code == 200
    content = response.content.decode()
    assert draft.actor.name not in content
    assert reverse("pledges:edit", args=[draft.pk]) not in content


@pytest.mark.parametrize("insider", ["editor_a", "coordinator", "national_admin"])
def test_insiders_workspace_lists_the_pledge(as_user, client, draft, insider):
    as_user(insider)

    response = client.get(reverse("workspace"))

    assert response.status_code == 200
    assert reverse("pledges:edit", args=[draft.pk]) in response.content.decode()


def test_someone_with_no_actor_and_no_county_may_not_start_a_pledge(client, db):
    client.force_login(factories.UserFactory())

    assert client.get(reverse("pledges:create")).status_code == 403


# Status rules: content is editable in draft (actor and coordinator) and in
# review (coordinator), never later (DESIGN.md, "Workflows").


def test_the_actors_editor_may_edit_a_draft(client, editor_a, draft):
    client.force_login(editor_a)

    response = client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Nytt utkast.")
    )

    assert response.status_code == 302
    assert Pledge.objects.get(pk=draft.pk).introduction == "Nytt utkast."


def test_the_actors_editor_may_read_but_not_edit_a_pledge_in_review(client, editor_a, actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(editor_a)
    before = stored(pledge)

    page = client.get(reverse("pledges:edit", args=[pledge.pk]))
    response = client.post(
        reverse("pledges:edit", args=[pledge.pk]), pledge_data(pledge, introduction="Hann före.")
    )

    assert page.status_code == 200
    assert page.context["form"] is None
    assert pledge.introduction in page.content.decode()
    assert response.status_code == 403
    assert stored(pledge) == before


def test_the_coordinator_may_edit_a_pledge_in_review(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)

    response = client.post(
        reverse("pledges:edit", args=[pledge.pk]),
        pledge_data(pledge, introduction="Språkgranskad presentation."),
    )

    assert response.status_code == 302
    saved = Pledge.objects.get(pk=pledge.pk)
    assert saved.introduction == "Språkgranskad presentation."
    assert saved.status == S.IN_REVIEW


def content_edits(pledge):
    """A POST to every content view of `pledge` that would change it if allowed."""
    measure = first_actor_measure(pledge)
    return {
        "text": (
            reverse("pledges:edit", args=[pledge.pk]),
            pledge_data(pledge, introduction="Ändrad efter godkännandet."),
        ),
        "measure create": (
            reverse("pledges:measure_create", args=[pledge.pk]),
            measure_data(pledge.revision, heading="Smugglad åtgärd", text="Text."),
        ),
        "measure quick add": (
            reverse("pledges:measure_quick_add", args=[pledge.pk]),
            {"quick-revision": pledge.revision, "quick-heading": "Smugglad", "quick-text": "Text."},
        ),
        "measure edit": (
            reverse("pledges:measure_edit", args=[pledge.pk, measure.pk]),
            measure_data(measure.revision, heading="Ny rubrik", text=measure.text),
        ),
        "measure delete": (
            reverse("pledges:measure_delete", args=[pledge.pk, measure.pk]),
            {"revision": measure.revision},
        ),
        "measure move": (
            reverse("pledges:measure_move", args=[pledge.pk, measure.pk]),
            {
                "revision": measure.revision,
                "order_revision": pledge.order_revision,
                "direction": "down",
            },
        ),
        "signatories": (
            reverse("pledges:signatories", args=[pledge.pk]),
            signatories_data(pledge, name="Ny Undertecknare"),
        ),
    }


# The forms that show the typed text again when the pledge was locked meanwhile,
# and the field whose text they keep.
TYPED_TEXT_KEPT = {
    "measure create": "heading",
    "measure edit": "heading",
    "measure quick add": "quick-heading",
    "signatories": "form-0-name",
}

CONTENT_EDITS = [
    "text",
    "measure create",
    "measure quick add",
    "measure edit",
    "measure delete",
    "measure move",
    "signatories",
]


@pytest.fixture(params=[S.APPROVED, S.SIGNED])
def frozen(request, actor_a):
    """An approved or signed pledge of actor A, with two actor measures to move."""
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    last = pledge.measures.get(party=Party.ACTOR)
    factories.MeasureFactory(pledge=pledge, order=last.order + 1)
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    if request.param == S.SIGNED:
        for signatory in pledge.signatories.all():
            signatory.record_signature(method=Signatory.Method.PORTAL)
        pledge.mark_signed()
    return pledge


@pytest.mark.parametrize("who", ["editor_a", "coordinator", "national_admin"])
@pytest.mark.parametrize("edit", CONTENT_EDITS)
def test_nobody_may_change_an_approved_or_signed_pledge(as_user, client, frozen, edit, who):
    as_user(who)
    before = stored(frozen)
    url, data = content_edits(frozen)[edit]

    response = client.post(url, data)

    if edit in TYPED_TEXT_KEPT:
        # Someone who opened the form while it was a draft: the form again, with
        # what they typed and why it cannot be saved.
        assert response.status_code == 200
        page = response.content.decode()
        assert "och dess innehåll kan inte ändras." in page
        assert data[TYPED_TEXT_KEPT[edit]] in page
    else:
        assert response.status_code == 403
    assert stored(frozen) == before


@pytest.mark.parametrize("who", ["editor_a", "coordinator", "national_admin"])
def test_an_approved_or_signed_pledge_is_shown_without_forms(as_user, client, frozen, who):
    as_user(who)

    response = client.get(reverse("pledges:edit", args=[frozen.pk]))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert not response.context["can_edit"]
    content = response.content.decode()
    assert reverse("pledges:measure_quick_add", args=[frozen.pk]) not in content
    assert f'href="{reverse("pledges:signatories", args=[frozen.pk])}"' not in content


# The same rule in the models, for every path that is not a view (admin,
# shell, imports, tasks).


def test_an_approved_or_signed_pledges_content_cannot_be_saved(frozen):
    measure = first_actor_measure(frozen)
    link = factories.MeasureLinkFactory.build(
        measure=measure,
        programme_measure=factories.ProgrammeMeasureFactory(theme__programme__county=frozen.county),
    )
    signatory = frozen.signatories.first()
    before = stored(frozen)

    measure.heading = "Ändrad"
    with pytest.raises(ContentLocked):
        measure.save()
    with pytest.raises(ContentLocked):
        Measure(pledge=frozen, party=Party.ACTOR, heading="Ny", text="Ny").save()
    with pytest.raises(ContentLocked):
        measure.delete()
    with pytest.raises(ContentLocked):
        link.save()
    signatory.name = "Någon Annan"
    with pytest.raises(ContentLocked):
        signatory.save()
    with pytest.raises(ContentLocked):
        signatory.delete()
    frozen.introduction = "Ändrad"
    with pytest.raises(ContentLocked):
        frozen.save()

    assert stored(frozen) == before


def test_an_existing_link_of_a_frozen_pledge_cannot_be_changed_or_removed(actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    link = factories.MeasureLinkFactory(
        measure=first_actor_measure(pledge),
        programme_measure__theme__programme__county=pledge.county,
    )
    pledge.approve(by=None)

    link.is_primary = True
    with pytest.raises(ContentLocked):
        link.save()
    with pytest.raises(ContentLocked):
        link.delete()
    assert MeasureLink.objects.get(pk=link.pk).is_primary is False


def test_the_content_lock_reads_the_stored_status_not_a_stale_copy(actor_a):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    stale = Pledge.objects.get(pk=pledge.pk)
    measure = first_actor_measure(stale)
    pledge.approve(by=None)

    measure.heading = "Ändrad av en gammal kopia"
    with pytest.raises(ContentLocked):
        measure.save()


def test_an_approved_pledge_can_still_be_signed(actor_a):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    signatory = pledge.signatories.first()

    signatory.record_signature(method=Signatory.Method.PORTAL)

    assert Signatory.objects.get(pk=signatory.pk).signed_at is not None
