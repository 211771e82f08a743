"""Writing a pledge in the editor: starting one, its measures and their links to the
action programme, its signatories, and the messages bad input gets."""

import pytest
from django.urls import reverse

from pledges.models import Measure, MeasureLink, Party, Pledge, Signatory
from tests import factories
from tests.helpers import messages_of
from tests.html import by_class, by_id, by_tag, field_error, field_value, page, text

from .editor_pages import actor_headings, measure_data, pledge_data, stored

S = Pledge.Status


@pytest.fixture
def programme(kronoberg):
    """Kronoberg's action programme; number 36 exists in two themes, as in real programmes."""
    programme = factories.ProgrammeFactory(
        county=kronoberg, name="Kronobergs åtgärdsprogram", start_year=2021, end_year=2030
    )
    climate = factories.ThemeFactory(programme=programme, name="Klimat och energi", order=1)
    nature = factories.ThemeFactory(programme=programme, name="Natur", order=2)
    return {
        "36 klimat": factories.ProgrammeMeasureFactory(
            theme=climate, number="36", title="Öka andelen förnybar energi"
        ),
        "37 klimat": factories.ProgrammeMeasureFactory(theme=climate, number="37"),
        "5 natur": factories.ProgrammeMeasureFactory(theme=nature, number="5"),
        "36 natur": factories.ProgrammeMeasureFactory(theme=nature, number="36"),
    }


@pytest.fixture
def measure(draft, programme):
    """An actor measure of the draft linked to 36, Klimat och energi (primary)."""
    measure = draft.measures.get(party=Party.ACTOR)
    MeasureLink.objects.create(
        measure=measure, programme_measure=programme["36 klimat"], is_primary=True, order=1
    )
    return measure


def links_of(measure):
    return [
        (link.programme_measure.number, link.programme_measure.theme.name, link.is_primary)
        for link in measure.links.select_related("programme_measure__theme").order_by("order")
    ]


def measure_item(response, measure):
    """The measure's entry on the editor page, as text."""
    return text(by_id(response, f"measure-{measure.pk}"))


# Starting a pledge.


def test_coordinator_starts_a_pledge_with_the_boards_standing_texts(
    client, coordinator, actor_a, kronoberg
):
    kronoberg.governor_name = "Maria Arnholm"
    kronoberg.standard_commitments = (
        "samordna länets miljömålslöften.\n\nfölja upp åtgärderna halvvägs och vid slutet.\n"
    )
    kronoberg.save()
    client.force_login(coordinator)

    response = client.post(
        reverse("pledges:create"), {"actor": actor_a.pk, "start_year": 2025, "end_year": 2028}
    )

    pledge = Pledge.objects.get(actor=actor_a)
    assert response.status_code == 302
    assert response.url == reverse("pledges:edit", args=[pledge.pk])
    assert (pledge.status, pledge.county, pledge.start_year, pledge.end_year) == (
        S.DRAFT,
        kronoberg,
        2025,
        2028,
    )
    assert pledge.introduction == actor_a.description
    assert list(
        pledge.measures.order_by("order").values_list("party", "heading", "text", "order")
    ) == [
        (Party.BOARD, "", "samordna länets miljömålslöften.", 1),
        (Party.BOARD, "", "följa upp åtgärderna halvvägs och vid slutet.", 2),
    ]
    assert list(pledge.signatories.values_list("party", "name", "title", "organisation")) == [
        (Party.BOARD, "Maria Arnholm", "Landshövding", "Länsstyrelsen i Kronobergs län")
    ]
    editor = client.get(response.url)
    assert "Löftet är skapat som utkast." in text(by_id(editor, "editor"))


def test_without_a_governor_the_board_signatory_is_left_to_fill_in(
    client, coordinator, actor_a, kronoberg
):
    kronoberg.governor_name = ""
    kronoberg.save()
    client.force_login(coordinator)

    client.post(
        reverse("pledges:create"), {"actor": actor_a.pk, "start_year": 2025, "end_year": 2028}
    )

    pledge = Pledge.objects.get(actor=actor_a)
    assert not pledge.signatories.exists()
    assert "Ange vem som undertecknar för länsstyrelsen." in pledge.submission_problems()


def actor_choices(response):
    return [value for value, _label in response.context["form"].fields["actor"].choices if value]


def test_an_actors_editor_starts_pledges_for_its_own_organisation_only(
    client, editor_a, actor_a, actor_b
):
    client.force_login(editor_a)

    form = client.get(reverse("pledges:create"))
    refused = client.post(
        reverse("pledges:create"), {"actor": actor_b.pk, "start_year": 2025, "end_year": 2028}
    )
    created = client.post(
        reverse("pledges:create"), {"actor": actor_a.pk, "start_year": 2025, "end_year": 2028}
    )

    assert actor_choices(form) == [actor_a.pk]
    assert actor_b.name not in form.content.decode()
    assert refused.status_code == 200
    assert "Välj ett giltigt alternativ" in field_error(refused, "actor")
    assert not Pledge.objects.filter(actor=actor_b).exists()
    assert created.status_code == 302
    assert Pledge.objects.filter(actor=actor_a).count() == 1


def test_another_countys_coordinator_cannot_pick_kronobergs_actors(
    client, other_coordinator, actor_a, kalmar
):
    kalmar_actor = factories.ActorFactory(county=kalmar, name="Kalmar Energi AB")
    client.force_login(other_coordinator)

    form = client.get(reverse("pledges:create"))
    refused = client.post(
        reverse("pledges:create"), {"actor": actor_a.pk, "start_year": 2025, "end_year": 2028}
    )

    assert actor_choices(form) == [kalmar_actor.pk]
    assert "Välj ett giltigt alternativ" in field_error(refused, "actor")
    assert not Pledge.objects.exists()


def test_a_new_pledge_cannot_end_before_it_starts(client, coordinator, actor_a):
    client.force_login(coordinator)

    response = client.post(
        reverse("pledges:create"), {"actor": actor_a.pk, "start_year": 2028, "end_year": 2025}
    )

    assert response.status_code == 200
    assert "Slutåret kan inte vara före startåret." in field_error(response, "end_year")
    assert not Pledge.objects.exists()


# Measures and their links to the action programme.


def test_a_measure_with_two_programme_links_one_primary(client, editor_a, draft, programme):
    client.force_login(editor_a)
    data = measure_data(
        draft.revision,
        heading="Förnybar el",
        text="Vi installerar solceller på alla tak.",
        links=[("36, Klimat och energi", True), ("5, Natur", False)],
    )

    response = client.post(reverse("pledges:measure_create", args=[draft.pk]), data)

    measure = Measure.objects.get(pledge=draft, heading="Förnybar el")
    assert response.status_code == 302
    assert response.url == reverse("pledges:edit", args=[draft.pk]) + f"#measure-{measure.pk}"
    assert measure.party == Party.ACTOR
    assert measure.order > draft.measures.exclude(pk=measure.pk).get(party=Party.ACTOR).order
    assert links_of(measure) == [("36", "Klimat och energi", True), ("5", "Natur", False)]
    editor = client.get(reverse("pledges:edit", args=[draft.pk]))
    assert (
        "Koppling till åtgärd 36 (främst), tema Klimat och energi samt åtgärd 5, tema Natur"
        in measure_item(editor, measure)
    )


def test_the_measure_form_shows_its_links_and_room_for_two_more(client, editor_a, measure):
    client.force_login(editor_a)

    response = client.get(reverse("pledges:measure_edit", args=[measure.pledge_id, measure.pk]))

    assert response.status_code == 200
    assert field_value(response, "links-0-reference") == (
        "36, Klimat och energi – Öka andelen förnybar energi"
    )
    assert "checked" in dict(by_id(response, "id_links-0-is_primary").attributes)
    assert field_value(response, "links-1-reference") == ""
    assert field_value(response, "links-2-reference") == ""
    assert by_id(response, "id_links-3-reference") is None


def test_a_label_chosen_from_the_suggestions_is_understood(client, editor_a, draft, programme):
    client.force_login(editor_a)
    data = measure_data(
        draft.revision,
        heading="Förnybar el",
        text="Solceller.",
        links=[("36, Klimat och energi – Öka andelen förnybar energi", False)],
    )

    client.post(reverse("pledges:measure_create", args=[draft.pk]), data)

    measure = Measure.objects.get(pledge=draft, heading="Förnybar el")
    assert links_of(measure) == [("36", "Klimat och energi", False)]


def test_editing_removes_a_blanked_link_and_keeps_the_order_written(
    client, editor_a, measure, programme
):
    MeasureLink.objects.create(measure=measure, programme_measure=programme["5 natur"], order=2)
    client.force_login(editor_a)
    data = measure_data(
        measure.revision,
        heading=measure.heading,
        text=measure.text,
        links=[("", False), ("37, Klimat och energi", False), ("5, Natur", True)],
    )

    response = client.post(
        reverse("pledges:measure_edit", args=[measure.pledge_id, measure.pk]), data
    )

    assert response.status_code == 302
    assert links_of(measure) == [("37", "Klimat och energi", False), ("5", "Natur", True)]
    editor = client.get(reverse("pledges:edit", args=[measure.pledge_id]))
    assert (
        "Koppling till åtgärd 37, tema Klimat och energi samt åtgärd 5 (främst), tema Natur"
        in measure_item(editor, measure)
    )


def test_editing_can_swap_two_links(client, editor_a, measure, programme):
    MeasureLink.objects.create(measure=measure, programme_measure=programme["5 natur"], order=2)
    client.force_login(editor_a)
    data = measure_data(
        measure.revision,
        heading=measure.heading,
        text=measure.text,
        links=[("5, Natur", False), ("36, Klimat och energi", True)],
    )

    client.post(reverse("pledges:measure_edit", args=[measure.pledge_id, measure.pk]), data)

    assert links_of(measure) == [("5", "Natur", False), ("36", "Klimat och energi", True)]


def test_the_indicator_is_saved_and_shown(client, editor_a, measure):
    client.force_login(editor_a)
    data = measure_data(
        measure.revision,
        heading=measure.heading,
        text=measure.text,
        links=[("36, Klimat och energi", True)],
        unit="ton CO₂e",
        baseline="120",
        target="80.5",
    )

    client.post(reverse("pledges:measure_edit", args=[measure.pledge_id, measure.pk]), data)

    measure.refresh_from_db()
    assert (measure.indicator_unit, str(measure.indicator_baseline)) == ("ton CO₂e", "120.00")
    assert str(measure.indicator_target) == "80.50"
    editor = client.get(reverse("pledges:edit", args=[measure.pledge_id]))
    assert "Indikator: 120 → 80,5 ton CO₂e" in measure_item(editor, measure)


@pytest.fixture
def three_measures(editor_a, actor_a):
    pledge = factories.PledgeFactory(actor=actor_a)
    for order, heading in enumerate(["Första", "Andra", "Tredje"], start=1):
        factories.MeasureFactory(pledge=pledge, heading=heading, order=order)
    factories.MeasureFactory(pledge=pledge, party=Party.BOARD, heading="", order=1)
    return pledge


def move(client, pledge, heading, direction):
    measure = pledge.measures.get(heading=heading)
    pledge.refresh_from_db()
    return client.post(
        reverse("pledges:measure_move", args=[pledge.pk, measure.pk]),
        {
            "revision": measure.revision,
            "order_revision": pledge.order_revision,
            "direction": direction,
        },
    )


def test_measures_move_up_and_down(client, editor_a, three_measures):
    client.force_login(editor_a)
    board_before = list(three_measures.measures.filter(party=Party.BOARD).values())

    up = move(client, three_measures, "Tredje", "up")
    after_up = actor_headings(three_measures)
    down = move(client, three_measures, "Tredje", "down")
    after_down = actor_headings(three_measures)
    move(client, three_measures, "Första", "down")

    third = three_measures.measures.get(heading="Tredje")
    assert up.status_code == 302
    assert up.url == reverse("pledges:edit", args=[three_measures.pk]) + f"#measure-{third.pk}"
    assert after_up == ["Första", "Tredje", "Andra"]
    assert down.status_code == 302
    assert after_down == ["Första", "Andra", "Tredje"]
    assert actor_headings(three_measures) == ["Andra", "Första", "Tredje"]
    assert list(three_measures.measures.filter(party=Party.BOARD).values()) == board_before
    editor = page(client.get(reverse("pledges:edit", args=[three_measures.pk])))
    listed = text(by_class(editor, "editor-measures")[0])
    assert listed.index("Andra") < listed.index("Första") < listed.index("Tredje")


def test_the_first_measure_does_not_move_further_up(client, editor_a, three_measures):
    client.force_login(editor_a)
    before = stored(three_measures)

    response = move(client, three_measures, "Första", "up")

    assert response.status_code == 302
    assert stored(three_measures) == before


def test_deleting_a_measure_takes_its_links_with_it(client, editor_a, measure):
    client.force_login(editor_a)
    pledge = measure.pledge
    others = list(pledge.measures.exclude(pk=measure.pk).values())

    response = client.post(
        reverse("pledges:measure_delete", args=[pledge.pk, measure.pk]),
        {"revision": measure.revision},
    )

    assert response.status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    assert not MeasureLink.objects.filter(measure_id=measure.pk).exists()
    assert list(pledge.measures.values()) == others
    assert f"Åtgärden ”{measure.heading}” är borttagen." in messages_of(response)


@pytest.mark.parametrize(("part", "who"), [(Party.ACTOR, "editor_a"), (Party.BOARD, "coordinator")])
def test_save_and_add_another_opens_a_new_form_for_the_same_party(
    client, as_user, draft, part, who
):
    as_user(who)
    data = measure_data(draft.revision, heading="En till", text="Och en till.")
    data.update(part=part, then="new")

    response = client.post(reverse("pledges:measure_create", args=[draft.pk]), data)

    assert response.status_code == 302
    assert response.url == reverse("pledges:measure_create", args=[draft.pk]) + f"?part={part}"
    assert draft.measures.filter(party=part, text="Och en till.").exists()
    new_form = client.get(response.url)
    assert new_form.context["measure"].party == part
    assert new_form.context["measure"].pk is None


def test_quick_add_with_htmx_shows_the_editor_with_the_new_measure(client, editor_a, draft):
    client.force_login(editor_a)

    response = client.post(
        reverse("pledges:measure_quick_add", args=[draft.pk]),
        {
            "quick-revision": draft.revision,
            "quick-heading": "Cykelpool",
            "quick-text": "Vi skaffar tre elcyklar.",
            "part": "actor",
        },
        HTTP_HX_REQUEST="true",
    )

    # The editor itself, for htmx to swap its parts from (no redirect to follow).
    assert response.status_code == 200
    measure = draft.measures.get(heading="Cykelpool")
    assert measure.party == Party.ACTOR
    assert actor_headings(draft)[-1] == "Cykelpool"
    editor = by_id(response, "editor")
    assert editor is not None
    assert "Cykelpool" in text(by_id(editor, f"measure-{measure.pk}"))
    assert "Åtgärden ”Cykelpool” är tillagd." in text(editor)
    # The form is ready for the next one, on a page that goes on from the add.
    assert field_value(response, "quick-heading") == ""
    assert "autofocus" in dict(by_id(response, "id_quick-heading").attributes)
    draft.refresh_from_db()
    [quick] = by_class(by_id(response, "editor-actor-measures"), "quick-add")
    hidden = {
        dict(i.attributes)["name"]: dict(i.attributes).get("value") for i in by_tag(quick, "input")
    }
    assert hidden["page_revision"] == str(draft.revision)


def test_quick_add_without_a_heading_shows_the_editor_with_the_message(client, editor_a, draft):
    client.force_login(editor_a)
    before = stored(draft)

    response = client.post(
        reverse("pledges:measure_quick_add", args=[draft.pk]),
        {
            "quick-revision": draft.revision,
            "quick-heading": "",
            "quick-text": "Text som inte får försvinna.",
            "part": "actor",
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert by_id(response, "editor") is not None
    assert "Ge åtgärden en rubrik." in field_error(response, "quick-heading")
    assert field_value(response, "quick-text") == "Text som inte får försvinna."
    assert stored(draft) == before


def test_a_board_commitment_needs_no_heading_and_has_no_links(client, coordinator, draft):
    client.force_login(coordinator)
    url = reverse("pledges:measure_create", args=[draft.pk])

    form = client.get(url, {"part": "board"})
    data = measure_data(draft.revision, text="Länsstyrelsen ska bjuda in till nätverksträffar.")
    data["part"] = "board"
    response = client.post(url, data)

    assert form.context["link_formset"] is None
    assert not form.context["form"].fields["heading"].required
    assert "links-TOTAL_FORMS" not in form.content.decode()
    assert response.status_code == 302
    created = draft.measures.get(text="Länsstyrelsen ska bjuda in till nätverksträffar.")
    assert (created.party, created.heading) == (Party.BOARD, "")
    already = draft.measures.filter(party=Party.BOARD).exclude(pk=created.pk).get()
    assert created.order == already.order + 1
    assert not created.links.exists()


def test_an_existing_board_commitment_is_edited_without_link_rows(client, coordinator, draft):
    commitment = draft.measures.get(party=Party.BOARD)
    client.force_login(coordinator)
    url = reverse("pledges:measure_edit", args=[draft.pk, commitment.pk])

    form = client.get(url)
    response = client.post(url, measure_data(draft.revision, text="Länsstyrelsen ska stötta."))

    assert form.context["link_formset"] is None
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.party, commitment.text) == (Party.BOARD, "Länsstyrelsen ska stötta.")


# Bad input: a Swedish message next to the field, and nothing saved is lost.


BAD_MEASURES = {
    "empty heading": ({"heading": ""}, "heading", "Ge åtgärden en rubrik."),
    "empty text": ({"text": ""}, "text", "Skriv vad som ska göras."),
    "indicator without unit": (
        {"indicator_baseline": "120"},
        "indicator_unit",
        "Ange en enhet för indikatorn, till exempel ton CO₂e.",
    ),
    "another county's programme": (
        {"links-0-reference": "12, Vatten"},
        "links-0-reference",
        "Åtgärden hör till ett annat läns åtgärdsprogram.",
    ),
    "unknown programme measure": (
        {"links-0-reference": "99, Klimat och energi"},
        "links-0-reference",
        "Det finns ingen åtgärd ”99, Klimat och energi” i länets åtgärdsprogram.",
    ),
    "number in two themes": (
        {"links-0-reference": "36"},
        "links-0-reference",
        "Flera åtgärder har nummer 36. Skriv temat också",
    ),
    "the same programme measure twice": (
        {"links-1-reference": "36, klimat och energi"},
        "links-1-reference",
        "Åtgärden är redan kopplad.",
    ),
}


def typed_measure(revision, **changes):
    data = measure_data(
        revision,
        heading="Rubriken jag skrev",
        text="Texten jag skrev.",
        links=[("36, Klimat och energi", True), ("5, Natur", False)],
    )
    data.update(changes)
    return data


@pytest.mark.parametrize("case", BAD_MEASURES)
def test_a_bad_measure_is_refused_next_to_the_field_and_nothing_is_lost(
    client, editor_a, measure, kalmar_programme_measure, programme, case
):
    changes, field, message = BAD_MEASURES[case]
    pledge = measure.pledge
    client.force_login(editor_a)
    before = stored(pledge)
    data = typed_measure(measure.revision, **changes)

    response = client.post(reverse("pledges:measure_edit", args=[pledge.pk, measure.pk]), data)

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert "Något behöver rättas" in text(by_id(response, "form-errors"))
    assert stored(pledge) == before
    # What the person typed is still in the form.
    for name in ("heading", "text", "links-0-reference", "links-1-reference"):
        assert field_value(response, name) == data[name]


@pytest.mark.parametrize("case", BAD_MEASURES)
def test_a_bad_new_measure_is_not_created(
    client, editor_a, draft, kalmar_programme_measure, programme, case
):
    changes, field, message = BAD_MEASURES[case]
    client.force_login(editor_a)
    before = stored(draft)

    response = client.post(
        reverse("pledges:measure_create", args=[draft.pk]), typed_measure(draft.revision, **changes)
    )

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert stored(draft) == before


def test_a_pledge_cannot_end_before_it_starts(client, editor_a, draft):
    client.force_login(editor_a)
    before = stored(draft)

    response = client.post(
        reverse("pledges:edit", args=[draft.pk]),
        pledge_data(draft, start_year=2027, end_year=2024, introduction="Min nya presentation."),
    )

    assert response.status_code == 200
    assert "Slutåret kan inte vara före startåret." in field_error(response, "end_year")
    assert field_error(response, "start_year") == ""
    assert field_value(response, "introduction") == "Min nya presentation."
    assert stored(draft) == before


# Signatories.


def test_the_signatories_form_adds_a_signatory(client, editor_a, draft):
    client.force_login(editor_a)
    url = reverse("pledges:signatories", args=[draft.pk])
    formset = client.get(url).context["formset"]
    data = signatories_post(draft, formset)
    new = len(formset.forms) - 1
    data.update(
        {
            f"form-{new}-party": Party.ACTOR,
            f"form-{new}-name": "Karin Ek",
            f"form-{new}-title": "Hållbarhetschef",
            f"form-{new}-organisation": draft.actor.name,
            f"form-{new}-email": "karin.ek@example.org",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302
    assert response.url == reverse("pledges:edit", args=[draft.pk]) + "#signatories"
    added = draft.signatories.get(name="Karin Ek")
    assert (added.party, added.title, added.email) == (
        Party.ACTOR,
        "Hållbarhetschef",
        "karin.ek@example.org",
    )
    assert draft.signatories.count() == 3
    editor = client.get(reverse("pledges:edit", args=[draft.pk]))
    assert "Karin Ek, Hållbarhetschef" in text(page(editor))


def test_the_signatories_form_deletes_a_signatory(client, editor_a, draft):
    client.force_login(editor_a)
    url = reverse("pledges:signatories", args=[draft.pk])
    formset = client.get(url).context["formset"]
    leaving = formset.forms[0].instance
    data = signatories_post(draft, formset)
    data["form-0-DELETE"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    assert not Signatory.objects.filter(pk=leaving.pk).exists()
    assert draft.signatories.count() == 1
    assert "Ange vem som undertecknar för aktören." in draft.submission_problems()


def test_a_signatory_without_a_name_is_refused(client, editor_a, draft):
    client.force_login(editor_a)
    url = reverse("pledges:signatories", args=[draft.pk])
    data = signatories_post(draft, client.get(url).context["formset"])
    data["form-0-name"] = ""
    before = stored(draft)

    response = client.post(url, data)

    assert response.status_code == 200
    assert field_error(response, "form-0-name")
    assert stored(draft) == before


def signatories_post(pledge, formset):
    """The formset as the page shows it, with the current revision."""
    data = {
        "revision": pledge.signatories_revision,
        "form-TOTAL_FORMS": len(formset.forms),
        "form-INITIAL_FORMS": formset.initial_form_count(),
    }
    for i, form in enumerate(formset.forms):
        for name in ("id", "party", "name", "title", "organisation", "email"):
            value = form[name].value()
            if value not in (None, ""):
                data[f"form-{i}-{name}"] = value
    return data
