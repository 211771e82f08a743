"""Two people editing one pledge at once. Edits of different parts (the pledge's own
fields, each measure, the order of the measures, the signatories) both go through, and
adding a measure never conflicts. The second save of the same part is refused, shows
what the first saved beside what the second typed, and goes through once they save
again. A workflow move still needs a page that showed every save."""

import threading
import time

import pytest
from django.db import connection, connections
from django.urls import reverse

from pledges.exceptions import EditConflict
from pledges.models import Measure, Party, Pledge
from pledges.services import save_pledge_content
from tests import factories
from tests.helpers import logged_in, messages_of
from tests.html import by_class, by_id, by_tag, field_error, field_value, page, text

from .editor_pages import actor_headings, measure_data, pledge_data, resubmit, stored

CONFLICT = "Någon annan har sparat löftet medan du redigerade."


@pytest.fixture
def editor_client(editor_a):
    return logged_in(editor_a)


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


def measure_url(pledge, measure):
    return reverse("pledges:measure_edit", args=[pledge.pk, measure.pk])


def measure_form_revision(client, pledge, measure):
    return client.get(measure_url(pledge, measure)).context["form"]["revision"].value()


@pytest.mark.parametrize("party", [Party.ACTOR, Party.BOARD])
def test_two_people_saving_different_measures_both_land(
    editor_client, coordinator_client, draft, party
):
    # The actor's editor edits one of the actor's measures; the coordinator, at the
    # same time, another of them or one of the board's commitments.
    first = draft.measures.get(party=Party.ACTOR)
    if party == Party.ACTOR:
        second = factories.MeasureFactory(pledge=draft, order=first.order + 1)
    else:
        second = draft.measures.get(party=Party.BOARD)
    editors_revision = measure_form_revision(editor_client, draft, first)
    coordinators_revision = measure_form_revision(coordinator_client, draft, second)

    saved = editor_client.post(
        measure_url(draft, first),
        measure_data(editors_revision, heading="Aktörens rubrik", text=first.text),
    )
    also_saved = coordinator_client.post(
        measure_url(draft, second),
        measure_data(coordinators_revision, heading=second.heading, text="Samordnarens text."),
    )

    assert saved.status_code == 302
    assert also_saved.status_code == 302
    assert Measure.objects.get(pk=first.pk).heading == "Aktörens rubrik"
    assert Measure.objects.get(pk=second.pk).text == "Samordnarens text."


def test_a_save_of_the_pledge_text_leaves_an_open_measure_form_valid(
    editor_client, coordinator_client, draft
):
    measure = draft.measures.get(party=Party.ACTOR)
    revision = measure_form_revision(coordinator_client, draft, measure)
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]), pledge_data(draft, introduction="Ny text.")
    )

    response = coordinator_client.post(
        measure_url(draft, measure),
        measure_data(revision, heading="Samordnarens rubrik", text=measure.text),
    )

    assert response.status_code == 302
    assert Measure.objects.get(pk=measure.pk).heading == "Samordnarens rubrik"
    assert Pledge.objects.get(pk=draft.pk).introduction == "Ny text."


def test_a_new_measure_is_added_whatever_was_saved_since_the_form_opened(
    editor_client, coordinator_client, draft
):
    url = reverse("pledges:measure_create", args=[draft.pk])
    coordinator_client.get(url)
    measure = draft.measures.get(party=Party.ACTOR)
    revision = measure_form_revision(editor_client, draft, measure)
    editor_client.post(measure_url(draft, measure),
                       measure_data(revision, heading="Ändrad", text=measure.text))  # fmt: skip

    # What the coordinator's form sent when it was opened before the editor's save.
    response = coordinator_client.post(url, measure_data(draft.revision, heading="Ny", text="Ny."))

    assert response.status_code == 302
    assert draft.measures.filter(heading="Ny").exists()


def test_a_conflict_on_a_measure_shows_the_other_persons_links(
    editor_client, coordinator_client, draft
):
    measure = draft.measures.get(party=Party.ACTOR)
    theme = factories.ThemeFactory(
        programme__county=draft.county, programme__start_year=2021, programme__end_year=2030,
        name="Klimat och energi",
    )  # fmt: skip
    factories.ProgrammeMeasureFactory(theme=theme, number="36")
    editors_revision = measure_form_revision(editor_client, draft, measure)
    coordinators_revision = measure_form_revision(coordinator_client, draft, measure)
    editor_client.post(
        measure_url(draft, measure),
        measure_data(editors_revision, heading=measure.heading, text=measure.text,
                     links=[("36, Klimat och energi", True)]),
    )  # fmt: skip

    refused = coordinator_client.post(
        measure_url(draft, measure),
        measure_data(coordinators_revision, heading=measure.heading, text="Samordnarens text."),
    )

    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert field_value(refused, "text") == "Samordnarens text."
    assert "Koppling till åtgärd 36 (främst), tema Klimat och energi" in theirs_box(refused)


def form_inputs(response, action_url) -> dict:
    """The hidden inputs of the page's form that posts to `action_url`, as a browser sends them."""
    for form in by_tag(page(response), "form"):
        if dict(form.attributes).get("action") == action_url:
            fields = (dict(field.attributes) for field in by_tag(form, "input"))
            return {
                field["name"]: field.get("value", "")
                for field in fields
                if field.get("type") == "hidden" and field["name"] != "csrfmiddlewaretoken"
            }
    raise AssertionError(f"no form posting to {action_url}")


def editor_page(client, pledge):
    return client.get(reverse("pledges:edit", args=[pledge.pk]))


def edit_heading(client, pledge, measure, heading):
    revision = measure_form_revision(client, pledge, measure)
    response = client.post(
        measure_url(pledge, measure), measure_data(revision, heading=heading, text=measure.text)
    )
    assert response.status_code == 302


def test_a_measure_edited_meanwhile_is_not_deleted_from_a_page_that_showed_it_before(
    editor_client, coordinator_client, draft
):
    measure = draft.measures.get(party=Party.ACTOR)
    delete_url = reverse("pledges:measure_delete", args=[draft.pk, measure.pk])
    stale_page = editor_page(coordinator_client, draft)
    edit_heading(editor_client, draft, measure, "Aktörens nya rubrik")
    before = stored(draft)

    response = coordinator_client.post(delete_url, form_inputs(stale_page, delete_url))

    assert response.status_code == 302
    assert response.url == reverse("pledges:edit", args=[draft.pk])
    assert (
        "Någon annan har just sparat löftet. Inget togs bort: titta igen och försök på nytt."
        in messages_of(response)
    )
    assert stored(draft) == before


def save_the_text(client, pledge):
    response = client.post(
        reverse("pledges:edit", args=[pledge.pk]), pledge_data(pledge, introduction="Ny text.")
    )
    assert response.status_code == 302


def edit_the_other_measure(client, pledge):
    other = pledge.measures.filter(party=Party.ACTOR).order_by("order", "pk").first()
    edit_heading(client, pledge, other, "Den andra åtgärdens nya rubrik")


def add_a_measure(client, pledge):
    response = client.post(
        reverse("pledges:measure_create", args=[pledge.pk]),
        measure_data(1, heading="Någon annans nya åtgärd", text="Text."),
    )
    assert response.status_code == 302


def save_the_signatories(client, pledge):
    response = client.get(reverse("pledges:signatories", args=[pledge.pk]))
    data = resubmit(response.context["revision_form"], response.context["formset"])
    data["form-0-name"] = "Någon Annan"
    response = client.post(reverse("pledges:signatories", args=[pledge.pk]), data)
    assert response.status_code == 302


OTHER_PARTS = {
    "text": save_the_text,
    "another measure": edit_the_other_measure,
    "a new measure": add_a_measure,
    "signatories": save_the_signatories,
}


@pytest.fixture
def two_measures(draft):
    """The draft's actor measure, and a second one after it."""
    first = draft.measures.get(party=Party.ACTOR)
    Measure.objects.filter(pk=first.pk).update(order=1)
    second = factories.MeasureFactory(pledge=draft, order=2, heading="Den andra")
    return Measure.objects.get(pk=first.pk), second


@pytest.mark.parametrize("meanwhile", OTHER_PARTS)
def test_a_delete_after_someone_saved_another_part_goes_through(
    editor_client, coordinator_client, draft, two_measures, meanwhile
):
    first, second = two_measures
    delete_url = reverse("pledges:measure_delete", args=[draft.pk, second.pk])
    page_read = editor_page(coordinator_client, draft)
    OTHER_PARTS[meanwhile](editor_client, draft)

    response = coordinator_client.post(delete_url, form_inputs(page_read, delete_url))

    assert "Åtgärden ”Den andra” är borttagen." in messages_of(response)
    assert not Measure.objects.filter(pk=second.pk).exists()


def move_from(client, page_read, pledge, measure, direction):
    move_url = reverse("pledges:measure_move", args=[pledge.pk, measure.pk])
    return client.post(move_url, {**form_inputs(page_read, move_url), "direction": direction})


MOVE_REFUSED = "Någon annan har just sparat löftet. Ordningen ändrades inte"


def test_a_move_after_someone_edited_that_measure_moves_nothing(
    editor_client, coordinator_client, draft, two_measures
):
    first, second = two_measures
    page_read = editor_page(coordinator_client, draft)
    edit_heading(editor_client, draft, second, "Aktörens nya rubrik")
    before = stored(draft)

    response = move_from(coordinator_client, page_read, draft, second, "up")

    assert response.status_code == 302
    assert MOVE_REFUSED in " ".join(messages_of(response))
    assert stored(draft) == before


def test_a_move_after_another_move_moves_nothing(
    editor_client, coordinator_client, draft, two_measures
):
    first, second = two_measures
    third = factories.MeasureFactory(pledge=draft, order=second.order + 1, heading="Den tredje")
    coordinators_page = editor_page(coordinator_client, draft)
    move_from(editor_client, editor_page(editor_client, draft), draft, third, "up")
    before = stored(draft)

    # The coordinator's page still shows the third measure last: moving the second
    # down from it would put it somewhere the coordinator never saw.
    response = move_from(coordinator_client, coordinators_page, draft, second, "down")

    assert MOVE_REFUSED in " ".join(messages_of(response))
    assert stored(draft) == before


def test_a_move_after_a_delete_moves_nothing(
    editor_client, coordinator_client, draft, two_measures
):
    first, second = two_measures
    third = factories.MeasureFactory(pledge=draft, order=second.order + 1, heading="Den tredje")
    coordinators_page = editor_page(coordinator_client, draft)
    delete_url = reverse("pledges:measure_delete", args=[draft.pk, second.pk])
    editor_client.post(delete_url, form_inputs(editor_page(editor_client, draft), delete_url))
    before = stored(draft)

    response = move_from(coordinator_client, coordinators_page, draft, third, "up")

    assert MOVE_REFUSED in " ".join(messages_of(response))
    assert stored(draft) == before


@pytest.mark.parametrize("meanwhile", OTHER_PARTS)
def test_a_move_after_someone_saved_another_part_goes_through(
    editor_client, coordinator_client, draft, two_measures, meanwhile
):
    # "another measure" is the first one, which the move puts second.
    first, second = two_measures
    page_read = editor_page(coordinator_client, draft)
    OTHER_PARTS[meanwhile](editor_client, draft)

    response = move_from(coordinator_client, page_read, draft, second, "up")

    assert MOVE_REFUSED not in " ".join(messages_of(response))
    assert actor_headings(draft)[0] == "Den andra"


def test_a_form_open_on_a_measure_is_still_valid_after_it_was_moved(
    editor_client, coordinator_client, draft, two_measures
):
    first, second = two_measures
    revision = measure_form_revision(editor_client, draft, second)
    move_from(coordinator_client, editor_page(coordinator_client, draft), draft, second, "up")
    assert actor_headings(draft)[0] == "Den andra"

    response = editor_client.post(
        measure_url(draft, second), measure_data(revision, heading="Omskriven", text=second.text)
    )

    assert response.status_code == 302
    assert actor_headings(draft) == ["Omskriven", first.heading]


def test_signatories_saved_after_someone_saved_another_part_are_saved(
    editor_client, coordinator_client, draft
):
    url = reverse("pledges:signatories", args=[draft.pk])
    opened = coordinator_client.get(url)
    data = resubmit(opened.context["revision_form"], opened.context["formset"])
    data["form-0-name"] = "Någon Annan"
    save_the_text(editor_client, draft)
    edit_the_other_measure(editor_client, draft)

    response = coordinator_client.post(url, data)

    assert response.status_code == 302
    assert draft.signatories.filter(name="Någon Annan").exists()


def test_the_second_save_of_the_signatories_is_refused_and_keeps_what_was_typed(
    editor_client, coordinator_client, draft
):
    url = reverse("pledges:signatories", args=[draft.pk])
    opened = coordinator_client.get(url)
    data = resubmit(opened.context["revision_form"], opened.context["formset"])
    data["form-0-name"] = "Samordnarens namn"
    save_the_signatories(editor_client, draft)
    before = stored(draft)

    refused = coordinator_client.post(url, data)

    assert refused.status_code == 200
    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert field_value(refused, "form-0-name") == "Samordnarens namn"
    assert stored(draft) == before
    redone = coordinator_client.post(
        url, resubmit(refused.context["revision_form"], refused.context["formset"])
    )
    assert redone.status_code == 302
    assert draft.signatories.filter(name="Samordnarens namn").exists()


@pytest.mark.parametrize("meanwhile", ["another measure", "a new measure", "signatories"])
def test_the_pledge_text_saves_after_someone_saved_another_part(
    editor_client, coordinator_client, draft, meanwhile
):
    url = reverse("pledges:edit", args=[draft.pk])
    revision = coordinator_client.get(url).context["form"]["revision"].value()
    OTHER_PARTS[meanwhile](editor_client, draft)

    response = coordinator_client.post(
        url, pledge_data(draft, revision=revision, introduction="Samordnarens text.")
    )

    assert response.status_code == 302
    assert Pledge.objects.get(pk=draft.pk).introduction == "Samordnarens text."


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
        {"part": "actor", "heading": "Min nya rubrik", "text": "Min text",
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


def quick_add_from(client, page_read, pledge, heading="Snabbt tillagd"):
    """The quick add as htmx posts it from the editor page `page_read`: the quick form's
    hidden inputs, and those of the element it names in hx-include, if any."""
    url = reverse("pledges:measure_quick_add", args=[pledge.pk])
    data = form_inputs(page_read, url)
    [quick] = by_class(page(page_read), "quick-add")
    included = dict(quick.attributes).get("hx-include")
    if included:
        for field in by_tag(by_id(page_read, included.lstrip("#")), "input"):
            data[dict(field.attributes)["name"]] = dict(field.attributes)["value"]
    data.update({"quick-heading": heading, "quick-text": "Text."})
    return client.post(url, data, HTTP_HX_REQUEST="true")


def test_a_quick_add_after_someone_saved_the_introduction_adds_the_measure(
    editor_client, coordinator_client, draft
):
    page_read = editor_page(coordinator_client, draft)
    editor_client.post(
        reverse("pledges:edit", args=[draft.pk]),
        pledge_data(draft, introduction="Aktörens nya text."),
    )

    added = quick_add_from(coordinator_client, page_read, draft, heading="Snabbåtgärd")

    assert added.status_code == 200
    assert CONFLICT not in added.content.decode()
    assert "Åtgärden ”Snabbåtgärd” är tillagd." in text(by_id(added, "editor-messages"))
    assert draft.measures.filter(heading="Snabbåtgärd").exists()
    # The pledge form on that page was not swapped: what its person types there still
    # meets the introduction they never saw, with the other person's text beside it.
    refused = coordinator_client.post(
        reverse("pledges:edit", args=[draft.pk]),
        pledge_data(
            draft,
            revision=page_read.context["form"]["revision"].value(),
            introduction="Samordnarens text.",
        ),
    )
    assert CONFLICT in text(by_id(refused, "form-errors"))
    assert theirs_box(refused) == "Aktörens nya text."
    assert field_value(refused, "introduction") == "Samordnarens text."


def test_my_pledge_text_saves_after_my_quick_add_and_someone_elses_measure_save(
    editor_client, coordinator_client, draft
):
    page_read = editor_page(coordinator_client, draft)
    edit_the_other_measure(editor_client, draft)
    added = quick_add_from(coordinator_client, page_read, draft, heading="Min snabbåtgärd")
    assert draft.measures.filter(heading="Min snabbåtgärd").exists()

    response = coordinator_client.post(
        reverse("pledges:edit", args=[draft.pk]),
        pledge_data(
            draft,
            revision=page_read.context["form"]["revision"].value(),
            introduction="Samordnarens text.",
        ),
    )

    assert added.status_code == 200
    assert response.status_code == 302
    assert Pledge.objects.get(pk=draft.pk).introduction == "Samordnarens text."


def workflow_revisions(response) -> set[str]:
    """The revisions the workflow's forms on the page (or swapped in) carry."""
    url = reverse("pledges:transition", args=[response.context["pledge"].pk])
    forms = [f for f in by_tag(page(response), "form") if dict(f.attributes).get("action") == url]
    assert forms, "no workflow form"
    return {form_inputs_of(form)["revision"] for form in forms}


def form_inputs_of(form) -> dict:
    fields = (dict(field.attributes) for field in by_tag(form, "input"))
    return {f["name"]: f.get("value", "") for f in fields if f.get("type") == "hidden"}


def test_the_workflow_after_a_quick_add_never_skips_someone_elses_save(
    editor_client, coordinator_client, draft
):
    page_read = editor_page(coordinator_client, draft)

    # My own add: the workflow swapped in goes on from the add's revision.
    added = quick_add_from(coordinator_client, page_read, draft)
    draft.refresh_from_db()
    after_my_add = draft.revision
    assert workflow_revisions(added) == {str(after_my_add)}

    # Someone else saves the text; my next add from the same page goes through, but
    # the workflow keeps the revision my page showed: the text on it is not the saved one.
    save_the_text(editor_client, draft)
    added_again = quick_add_from(coordinator_client, added, draft, heading="En till")
    assert draft.measures.filter(heading="En till").exists()
    assert workflow_revisions(added_again) == {str(after_my_add)}
    submit = coordinator_client.post(
        reverse("pledges:transition", args=[draft.pk]),
        {"action": "submit", "note": "", "revision": after_my_add},
    )
    assert "Löftet har ändrats sedan du öppnade det." in " ".join(messages_of(submit))
    assert Pledge.objects.get(pk=draft.pk).status == Pledge.Status.DRAFT


def test_an_approval_from_a_page_read_before_someone_saved_a_measure_is_refused(
    client, coordinator, actor_a
):
    pledge = factories.pledge_in_status(Pledge.Status.IN_REVIEW, actor=actor_a)
    client.force_login(coordinator)
    page_read = editor_page(client, pledge)
    # Another coordinator corrects a measure in review, after this page was read.
    colleague = logged_in(factories.CountyRoleFactory(county=pledge.county).user)
    edit_heading(colleague, pledge, pledge.measures.get(party=Party.ACTOR), "Rättad rubrik")
    before = stored(pledge)

    response = client.post(
        reverse("pledges:transition", args=[pledge.pk]),
        {"action": "approve", "note": "", "revision": workflow_revisions(page_read).pop()},
    )

    assert messages_of(response) == [
        "Löftet har ändrats sedan du öppnade det. Läs igenom det igen innan du går vidare."
    ]
    assert stored(pledge) == before


def test_a_quick_add_to_a_pledge_approved_meanwhile_keeps_the_text_and_says_why(
    client, coordinator, actor_a
):
    pledge = factories.pledge_in_status("draft", actor=actor_a)
    client.force_login(coordinator)
    page_read = editor_page(client, pledge)
    pledge.submit_for_review(by=coordinator)
    pledge.approve(by=coordinator)

    response = quick_add_from(client, page_read, pledge, heading="Min rubrik")

    assert response.status_code == 200
    page = response.content.decode()
    assert "och dess innehåll kan inte ändras." in page
    assert 'value="Min rubrik"' in page
    assert not pledge.measures.filter(heading="Min rubrik").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "two transactions at once: SQLite's shared in-memory test database refuses the "
        "second writer ('database table is locked') instead of making it wait; one after "
        "the other, the same saves are test_two_people_saving_different_measures_both_land "
        "and test_the_second_save_of_a_measure_is_refused_and_can_be_redone"
    ),
)
@pytest.mark.parametrize("same_measure", [False, True], ids=["different", "same"])
def test_two_measure_saves_at_the_same_moment(actor_a, same_measure):
    """Both read the measures, then save at once: the second waits for the first's
    transaction, and is refused only if it was the same measure."""
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    first = pledge.measures.get(party=Party.ACTOR)
    second = first if same_measure else factories.MeasureFactory(pledge=pledge)
    claimed, release = threading.Event(), threading.Event()
    outcome = {}

    def save(name, measure_pk, hold=False):
        measure = Measure.objects.get(pk=measure_pk)
        read = measure.revision

        def apply():
            measure.claim_revision(read)
            measure.heading = name
            measure.save()
            if hold:
                claimed.set()
                release.wait(10)

        try:
            save_pledge_content(pledge=Pledge.objects.get(pk=pledge.pk), apply=apply)
            outcome[name] = "saved"
        except EditConflict:
            outcome[name] = "refused"
        finally:
            claimed.set()
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("först", first.pk, True)),
        threading.Thread(target=save, args=("sedan", second.pk)),
    ]
    threads[0].start()
    assert claimed.wait(10)
    threads[1].start()
    time.sleep(0.5)  # the second waits for the first's transaction
    release.set()
    for thread in threads:
        thread.join(10)

    headings = set(
        Measure.objects.filter(pk__in=[first.pk, second.pk]).values_list("heading", flat=True)
    )
    if same_measure:
        assert outcome == {"först": "saved", "sedan": "refused"}
        assert headings == {"först"}
    else:
        assert outcome == {"först": "saved", "sedan": "saved"}
        assert headings == {"först", "sedan"}
