"""Two people editing one pledge at once: the second save is refused, shows what the
first saved beside what the second typed, and goes through once they save again."""

import pytest
from django.test import Client
from django.urls import reverse

from pledges.models import Measure, Party, Pledge
from tests import factories

from .editor_pages import (
    by_class,
    by_id,
    by_tag,
    field_error,
    field_value,
    measure_data,
    messages_of,
    page,
    pledge_data,
    resubmit,
    stored,
    text,
)

CONFLICT = "Någon annan har sparat löftet medan du redigerade."


@pytest.fixture
def draft(actor_a):
    return factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)


@pytest.fixture
def editor_client(editor_a):
    client = Client()
    client.force_login(editor_a)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def theirs_box(response) -> str:
    """The box listing what someone else has saved meanwhile."""
    return " ".join(text(box) for box in by_class(page(response), "saved-value"))


def test_the_second_save_of_the_pledge_text_is_refused_and_can_be_redone(
    editor_client, coordinator_client, draft
):
    url = reverse("pledges:edit", args=[draft.pk])
    editors_revision = editor_client.get(url).context["form"]["revision"].value()
    coordinators_revision = coordinator_client.get(url).context["form"]["revision"].value()
    assert editors_revision == coordinators_revision == draft.revision

    saved = editor_client.post(
        url, pledge_data(draft, revision=editors_revision, introduction="Aktörens nya text.")
    )
    refused = coordinator_client.post(
        url,
        pledge_data(draft, revision=coordinators_revision, introduction="Samordnarens text."),
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert field_value(refused, "introduction") == "Samordnarens text."
    assert theirs_box(refused) == "Aktörens nya text."
    assert refused.context["theirs"] == [("Aktörens presentation", "Aktörens nya text.")]
    assert Pledge.objects.get(pk=draft.pk).introduction == "Aktörens nya text."

    # The form now carries the revision the coordinator has seen: saving again wins.
    again = resubmit(refused.context["form"])
    assert str(again["revision"]) == str(draft.revision + 1)
    redone = coordinator_client.post(url, again)

    assert redone.status_code == 302
    stored_pledge = Pledge.objects.get(pk=draft.pk)
    assert stored_pledge.introduction == "Samordnarens text."
    assert stored_pledge.revision == draft.revision + 2


def test_a_conflict_does_not_pass_unchecked_input(editor_client, coordinator_client, draft):
    url = reverse("pledges:edit", args=[draft.pk])
    editor_client.post(url, pledge_data(draft, introduction="Aktörens nya text."))
    refused = coordinator_client.post(url, pledge_data(draft, introduction="Samordnarens text."))

    again = resubmit(refused.context["form"])
    again.update(start_year=2030, end_year=2020)
    response = coordinator_client.post(url, again)

    assert response.status_code == 200
    assert "Slutåret kan inte vara före startåret." in field_error(response, "end_year")
    assert Pledge.objects.get(pk=draft.pk).introduction == "Aktörens nya text."


def test_the_second_save_of_a_measure_is_refused_and_can_be_redone(
    editor_client, coordinator_client, draft
):
    measure = draft.measures.get(party=Party.ACTOR)
    url = reverse("pledges:measure_edit", args=[draft.pk, measure.pk])
    editors_revision = editor_client.get(url).context["form"]["revision"].value()
    coordinators_revision = coordinator_client.get(url).context["form"]["revision"].value()

    saved = editor_client.post(
        url, measure_data(editors_revision, heading="Aktörens rubrik", text=measure.text)
    )
    refused = coordinator_client.post(
        url, measure_data(coordinators_revision, heading="Samordnarens rubrik", text=measure.text)
    )

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert field_value(refused, "heading") == "Samordnarens rubrik"
    assert theirs_box(refused) == "Aktörens rubrik"
    assert Measure.objects.get(pk=measure.pk).heading == "Aktörens rubrik"

    redone = coordinator_client.post(
        url, resubmit(refused.context["form"], refused.context["link_formset"])
    )

    assert redone.status_code == 302
    assert Measure.objects.get(pk=measure.pk).heading == "Samordnarens rubrik"


def test_any_save_of_the_pledge_makes_an_open_measure_form_stale(
    editor_client, coordinator_client, draft
):
    # The revision is the pledge's: a measure saved on a page read before the
    # text changed is checked again by a person, even if it is another part.
    measure = draft.measures.get(party=Party.ACTOR)
    url = reverse("pledges:measure_edit", args=[draft.pk, measure.pk])
    revision = coordinator_client.get(url).context["form"]["revision"].value()
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Ny text.")
    )

    refused = coordinator_client.post(
        url, measure_data(revision, heading="Samordnarens rubrik", text=measure.text)
    )

    assert refused.status_code == 200
    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert field_value(refused, "heading") == "Samordnarens rubrik"
    assert Measure.objects.get(pk=measure.pk).heading == measure.heading


def form_revision(response, action_url) -> str:
    """The revision a form on the page sends, read from the HTML as a browser would."""
    for form in by_tag(page(response), "form"):
        if dict(form.attributes).get("action") == action_url:
            for field in by_tag(form, "input"):
                if dict(field.attributes).get("name") == "revision":
                    return dict(field.attributes)["value"]
    raise AssertionError(f"no form posting to {action_url}")


def test_a_delete_from_a_stale_page_deletes_nothing(editor_client, coordinator_client, draft):
    measure = draft.measures.get(party=Party.ACTOR)
    delete_url = reverse("pledges:measure_delete", args=[draft.pk, measure.pk])
    stale_page = coordinator_client.get(reverse("pledges:edit", args=[draft.pk]))
    revision = form_revision(stale_page, delete_url)
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Ny text.")
    )
    before = stored(draft)

    response = coordinator_client.post(delete_url, {"revision": revision})

    assert response.status_code == 302
    assert response.url == reverse("pledges:edit", args=[draft.pk])
    assert (
        "Någon annan har just sparat löftet. Inget togs bort: titta igen och försök på nytt."
        in messages_of(response)
    )
    assert stored(draft) == before


def test_a_move_from_a_stale_page_moves_nothing(editor_client, coordinator_client, draft):
    first = draft.measures.get(party=Party.ACTOR)
    second = factories.MeasureFactory(pledge=draft, order=first.order + 1)
    move_url = reverse("pledges:measure_move", args=[draft.pk, second.pk])
    stale_page = coordinator_client.get(reverse("pledges:edit", args=[draft.pk]))
    revision = form_revision(stale_page, move_url)
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Ny text.")
    )
    before = stored(draft)

    response = coordinator_client.post(move_url, {"revision": revision, "direction": "up"})

    assert response.status_code == 302
    assert "Någon annan har just sparat löftet. Ordningen ändrades inte" in " ".join(
        messages_of(response)
    )
    assert stored(draft) == before


def test_a_quick_add_from_a_stale_page_keeps_what_was_typed(
    editor_client, coordinator_client, draft
):
    stale = draft.revision
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Ny text.")
    )
    before = stored(draft)

    response = coordinator_client.post(
        reverse("pledges:measure_quick_add", args=[draft.pk]),
        {"quick-revision": stale, "quick-heading": "Snabbåtgärd", "quick-text": "Text."},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert CONFLICT in text(by_id(response, "editor"))
    assert field_value(response, "quick-heading") == "Snabbåtgärd"
    assert field_value(response, "quick-revision") == str(draft.revision + 1)
    assert stored(draft) == before


def test_signatories_saved_from_a_stale_page_are_refused(editor_client, coordinator_client, draft):
    url = reverse("pledges:signatories", args=[draft.pk])
    stale = coordinator_client.get(url)
    data = resubmit(stale.context["revision_form"], stale.context["formset"])
    data["form-0-name"] = "Någon Annan"
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Ny text.")
    )
    before = stored(draft)

    refused = coordinator_client.post(url, data)

    assert refused.status_code == 200
    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert field_value(refused, "form-0-name") == "Någon Annan"
    assert stored(draft) == before
    redone = coordinator_client.post(
        url, resubmit(refused.context["revision_form"], refused.context["formset"])
    )
    assert redone.status_code == 302
    assert draft.signatories.filter(name="Någon Annan").exists()


def test_a_measure_removed_while_someone_edits_it_keeps_what_they_typed(
    editor_client, coordinator_client, draft
):
    measure = draft.measures.get(party=Party.ACTOR)
    url = reverse("pledges:measure_edit", args=[draft.pk, measure.pk])
    revision = editor_client.get(url).context["form"]["revision"].value()
    delete_url = reverse("pledges:measure_delete", args=[draft.pk, measure.pk])
    coordinator_client.post(delete_url, {"revision": revision})
    assert not Measure.objects.filter(pk=measure.pk).exists()

    response = editor_client.post(
        url,
        {"revision": revision, "part": "actor", "heading": "Min nya rubrik", "text": "Min text",
         "links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0},
    )  # fmt: skip

    assert response.status_code == 200
    assert "tagits bort av någon annan" in messages_of(response)[0]
    assert field_value(response, "heading") == "Min nya rubrik"
    # Nothing was saved behind the person's back; saving again adds it anew.
    assert not draft.measures.filter(heading="Min nya rubrik").exists()
    form_action = dict(by_class(page(response), "measure-form")[0].attributes)["action"]
    assert form_action == reverse("pledges:measure_create", args=[draft.pk])
    resubmitted = editor_client.post(
        form_action,
        {"revision": response.context["form"]["revision"].value(), "part": "actor",
         "heading": "Min nya rubrik", "text": "Min text",
         "links-TOTAL_FORMS": 0, "links-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert resubmitted.status_code == 302
    assert draft.measures.filter(heading="Min nya rubrik").exists()


def test_a_refused_save_shows_the_saved_years_in_the_heading(coordinator_client, draft):
    url = reverse("pledges:edit", args=[draft.pk])
    response = coordinator_client.post(
        url,
        {"revision": draft.revision, "start_year": 2030, "end_year": 2027,
         "introduction": "x", "signing_place": "Växjö"},
    )  # fmt: skip
    assert response.status_code == 200
    heading = text(by_tag(page(response), "h1")[0])
    assert heading.endswith(f"{draft.start_year}–{draft.end_year}")
    assert field_value(response, "start_year") == "2030"


def test_text_typed_while_the_pledge_was_approved_stays_on_the_screen(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(Pledge.Status.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)
    url = reverse("pledges:edit", args=[pledge.pk])
    revision = client.get(url).context["form"]["revision"].value()
    # Another coordinator approves it meanwhile.
    Pledge.objects.get(pk=pledge.pk).approve(by=None)

    response = client.post(url, pledge_data(pledge, revision=revision, introduction="Mitt utkast"))

    assert response.status_code == 403  # refused, but not thrown away
    assert "kan inte ändras" in text(by_id(response, "form-errors"))
    assert field_value(response, "introduction") == "Mitt utkast"
    assert Pledge.objects.get(pk=pledge.pk).introduction != "Mitt utkast"


def quick_add(client, pledge, *, page_read, quick_read, heading="Snabbt tillagd"):
    return client.post(
        reverse("pledges:measure_quick_add", args=[pledge.pk]),
        {
            "revision": page_read,  # the page's pledge form's, sent along by htmx
            "quick-revision": quick_read,
            "quick-heading": heading,
            "quick-text": "Text.",
            "part": "actor",
        },
        HTTP_HX_REQUEST="true",
    )


def pledge_form_revision(response) -> int:
    return response.context["form"].initial["revision"]


def test_a_quick_add_moves_the_pledge_forms_revision_on_only_past_itself(
    client, coordinator, actor_a
):
    """The pledge form may go on from the quick add's revision only if it read the
    same revision the quick add did: otherwise it would skip someone else's save."""
    pledge = factories.pledge_in_status("draft", actor=actor_a)
    client.force_login(coordinator)
    read = pledge.revision

    added = quick_add(client, pledge, page_read=read, quick_read=read)
    assert added.status_code == 200
    pledge.refresh_from_db()
    assert pledge_form_revision(added) == pledge.revision == read + 1

    # Someone else saves; then a quick add from a page that read before that.
    Pledge.objects.filter(pk=pledge.pk).update(revision=pledge.revision + 1)
    refused = quick_add(client, pledge, page_read=read + 1, quick_read=read + 1)
    assert "Någon annan" in refused.content.decode()
    assert pledge_form_revision(refused) == read + 1

    # The quick form retried from the revision now shown: the pledge form, which
    # read before the other save, keeps its revision and will be told on saving.
    retried = quick_add(client, pledge, page_read=read + 1, quick_read=read + 2, heading="Igen")
    assert retried.status_code == 200
    assert pledge_form_revision(retried) == read + 1


def page_revisions(response) -> set[str]:
    """The revisions the swapped-in workflow and move/delete forms carry."""
    import re

    page = response.content.decode()
    return set(re.findall(r'<input type="hidden" name="revision" value="(\d+)">', page))


def test_forms_swapped_in_after_a_quick_add_never_skip_someone_elses_save(
    client, coordinator, actor_a
):
    pledge = factories.pledge_in_status("draft", actor=actor_a)
    client.force_login(coordinator)
    read = pledge.revision

    # My own add: every form swapped in goes on from the add's revision.
    added = quick_add(client, pledge, page_read=read, quick_read=read)
    assert page_revisions(added) == {str(read + 1)}

    # Someone else saves; my next add conflicts, and the workflow (approve, submit)
    # and the move/delete forms keep the revision my page showed.
    Pledge.objects.filter(pk=pledge.pk).update(revision=read + 2)
    refused = quick_add(client, pledge, page_read=read + 1, quick_read=read + 1)
    assert page_revisions(refused) == {str(read + 1)}


def test_a_quick_add_to_a_pledge_approved_meanwhile_keeps_the_text_and_says_why(
    client, coordinator, actor_a
):
    pledge = factories.pledge_in_status("draft", actor=actor_a)
    client.force_login(coordinator)
    read = pledge.revision
    pledge.submit_for_review(by=coordinator)
    pledge.approve(by=coordinator)

    response = quick_add(client, pledge, page_read=read, quick_read=read, heading="Min rubrik")

    assert response.status_code == 200
    page = response.content.decode()
    assert "och dess innehåll kan inte ändras." in page
    assert 'value="Min rubrik"' in page
    assert not pledge.measures.filter(heading="Min rubrik").exists()
