"""The county board's side of a pledge (its commitments and signatories) is written by
the board's people only: an actor's editor can neither change nor add to it."""

import pytest
from django.urls import reverse

from pledges.models import Measure, Party, Signatory

from .editor_pages import measure_data


@pytest.fixture
def board_measure(draft):
    return draft.measures.get(party=Party.BOARD)


def test_an_editor_cannot_rewrite_a_board_commitment(client, editor_a, draft, board_measure):
    client.force_login(editor_a)
    url = reverse("pledges:measure_edit", args=[draft.pk, board_measure.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, measure_data(board_measure.revision, heading="", text="Länsstyrelsen betalar allt.")
    )
    assert response.status_code == 403
    board_measure.refresh_from_db()
    assert board_measure.text != "Länsstyrelsen betalar allt."


@pytest.mark.parametrize("view", ["measure_delete", "measure_move"])
def test_an_editor_cannot_remove_or_move_a_board_commitment(
    client, editor_a, draft, board_measure, view
):
    client.force_login(editor_a)
    url = reverse(f"pledges:{view}", args=[draft.pk, board_measure.pk])
    data = {"revision": board_measure.revision, "order_revision": draft.order_revision}
    response = client.post(url, {**data, "direction": "up"})
    assert response.status_code == 403
    assert Measure.objects.filter(pk=board_measure.pk).exists()


def test_an_editor_cannot_add_a_board_commitment(client, editor_a, draft):
    client.force_login(editor_a)
    before = draft.measures.filter(party=Party.BOARD).count()
    url = reverse("pledges:measure_create", args=[draft.pk])
    assert client.get(url, {"part": "board"}).status_code == 403
    data = measure_data(draft.revision, heading="", text="Vi lovar något åt dem.")
    data["part"] = "board"
    assert client.post(url, data).status_code == 403
    quick = {"quick-revision": draft.revision, "quick-text": "x", "part": "board"}
    quick_url = reverse("pledges:measure_quick_add", args=[draft.pk])
    assert client.post(quick_url, quick).status_code == 403
    assert draft.measures.filter(party=Party.BOARD).count() == before


def test_an_editor_sees_and_names_only_the_actors_signatories(client, editor_a, draft):
    board = draft.signatories.get(party=Party.BOARD)
    client.force_login(editor_a)
    url = reverse("pledges:signatories", args=[draft.pk])
    page = client.get(url)
    assert board.name not in page.content.decode()
    assert [c[0] for c in page.context["formset"].forms[-1].fields["party"].choices] == [
        Party.ACTOR
    ]
    # A forged row for the board's signatory is refused, and it stays as it was.
    response = client.post(
        url,
        {
            "revision": draft.signatories_revision,
            "form-TOTAL_FORMS": 1,
            "form-INITIAL_FORMS": 1,
            "form-0-id": board.pk,
            "form-0-party": Party.BOARD,
            "form-0-name": board.name,
            "form-0-title": board.title,
            "form-0-organisation": board.organisation,
            "form-0-email": "redaktorn@example.org",
        },
    )
    assert response.status_code == 200
    board.refresh_from_db()
    assert board.email != "redaktorn@example.org"
    assert Signatory.objects.filter(pledge=draft, party=Party.BOARD).count() == 1


def test_the_coordinator_edits_the_board_part(client, coordinator, draft, board_measure):
    client.force_login(coordinator)
    url = reverse("pledges:measure_edit", args=[draft.pk, board_measure.pk])
    response = client.post(
        url, measure_data(board_measure.revision, heading="", text="Vi stödjer.")
    )
    assert response.status_code == 302
    board_measure.refresh_from_db()
    assert board_measure.text == "Vi stödjer."
