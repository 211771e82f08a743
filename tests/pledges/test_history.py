"""The pledge's history page: who changed what and when, as word diffs, with the
workflow's events and their comments. (Who may open it: test_editor_access.py.)"""

import pytest
from django.urls import reverse

from pledges.models import Party, Pledge
from tests import factories
from tests.helpers import logged_in
from tests.html import by_class, by_tag, page, text

from .editor_pages import measure_data, pledge_data


@pytest.fixture
def programme_measure(kronoberg):
    return factories.ProgrammeMeasureFactory(
        theme__programme__county=kronoberg, theme__name="Klimat och energi", number="36"
    )


def entries(response):
    """Each history entry as (heading, who, its whole text, words deleted, words inserted)."""
    found = []
    for entry in by_class(page(response), "history-entry"):
        [heading] = by_tag(entry, "h2")
        [when_and_who] = by_tag(entry, "p")
        found.append(
            {
                "what": text(heading),
                "who": text(when_and_who).rsplit(", ", 1)[-1],
                "text": text(entry),
                "del": [text(d) for d in by_tag(entry, "del")],
                "ins": [text(i) for i in by_tag(entry, "ins")],
            }
        )
    return found


def test_the_history_shows_who_changed_what_as_word_diffs(
    client, editor_a, coordinator, actor_a, programme_measure
):
    pledge = factories.pledge_in_status(
        Pledge.Status.DRAFT, actor=actor_a, introduction="Vi arbetar för en hållbar framtid."
    )
    measure = pledge.measures.get(party=Party.ACTOR)
    old_heading = measure.heading
    editor = logged_in(editor_a)
    client.force_login(coordinator)

    editor.post(
        reverse("pledges:edit", args=[pledge.pk]),
        pledge_data(pledge, introduction="Vi arbetar för en grön framtid."),
    )
    pledge.refresh_from_db()
    client.post(
        reverse("pledges:measure_edit", args=[pledge.pk, measure.pk]),
        measure_data(
            measure.revision,
            heading="Cykla till jobbet",
            text=measure.text,
            links=[("36, Klimat och energi", True)],
        ),
    )
    pledge.refresh_from_db()
    editor.post(
        reverse("pledges:transition", args=[pledge.pk]),
        {
            "action": "submit",
            "note": "Nu är det klart för granskning.",
            "revision": pledge.revision,
        },
    )

    response = client.get(reverse("pledges:history", args=[pledge.pk]))

    assert response.status_code == 200
    history = entries(response)
    # Newest first: the submission, then the coordinator's measure edit, then the text.
    submitted, *rest = history
    assert submitted["what"] == "Statusändring Utkast → Under granskning"
    assert submitted["who"] == str(editor_a)
    assert "Nu är det klart för granskning." in submitted["text"]

    [text_change] = [e for e in history if e["what"].startswith("Löftet ") and e["del"]]
    assert text_change["who"] == str(editor_a)
    assert (text_change["del"], text_change["ins"]) == (["hållbar"], ["grön"])
    assert "Aktörens presentation" in text_change["text"]

    [heading_change] = [e for e in history if e["what"] == "Åtgärd ”Cykla till jobbet” ändrades"]
    assert heading_change["who"] == str(coordinator)
    assert (heading_change["del"], heading_change["ins"]) == ([old_heading], ["Cykla till jobbet"])

    [new_link] = [e for e in history if e["what"] == "Koppling till åtgärdsprogrammet skapades"]
    assert new_link["who"] == str(coordinator)
    assert "36, Klimat och energi" in new_link["ins"]
    assert "ja" in new_link["ins"]  # främst

    assert [e["what"] for e in history[:2]] == [
        "Statusändring Utkast → Under granskning",
        "Koppling till åtgärdsprogrammet skapades",
    ]
    assert history.index(heading_change) < history.index(text_change)


def test_a_deleted_measure_and_a_sent_back_pledge_are_in_the_history(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(Pledge.Status.IN_REVIEW, actor=actor_a)
    measure = pledge.measures.get(party=Party.ACTOR)
    client.force_login(coordinator)

    client.post(
        reverse("pledges:measure_delete", args=[pledge.pk, measure.pk]),
        {"revision": measure.revision},
    )
    pledge.refresh_from_db()
    client.post(
        reverse("pledges:transition", args=[pledge.pk]),
        {"action": "return", "note": "Lägg till en ny åtgärd.", "revision": pledge.revision},
    )

    history = entries(client.get(reverse("pledges:history", args=[pledge.pk])))

    assert history[0]["what"] == "Statusändring Under granskning → Utkast"
    assert "Lägg till en ny åtgärd." in history[0]["text"]
    assert history[1]["what"] == f"Åtgärd ”{measure.heading}” togs bort"
    assert history[1]["who"] == str(coordinator)


def test_the_history_escapes_what_people_typed(client, coordinator, actor_a):
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    client.force_login(coordinator)
    client.post(
        reverse("pledges:edit", args=[pledge.pk]),
        pledge_data(pledge, introduction="Vi <script>alert(1)</script> & andra."),
    )

    response = client.get(reverse("pledges:history", args=[pledge.pk]))

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_the_history_shows_only_this_pledges_changes(client, coordinator, actor_a, actor_b):
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    other = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_b)
    other_measure = other.measures.get(party=Party.ACTOR)
    client.force_login(coordinator)
    client.post(
        reverse("pledges:measure_edit", args=[other.pk, other_measure.pk]),
        measure_data(other.revision, heading="Aktör B:s hemliga åtgärd", text="Text."),
    )

    response = client.get(reverse("pledges:history", args=[pledge.pk]))

    assert "Aktör B:s hemliga åtgärd" not in response.content.decode()
    assert entries(response)


def test_an_indicators_numbers_are_shown_and_compared_as_a_reader_writes_them(
    client, coordinator, actor_a
):
    pledge = factories.pledge_in_status(Pledge.Status.DRAFT, actor=actor_a)
    measure = pledge.measures.get(party=Party.ACTOR)
    client.force_login(coordinator)
    for baseline in ("2400", "2500,5"):
        pledge.refresh_from_db()
        client.post(
            reverse("pledges:measure_edit", args=[pledge.pk, measure.pk]),
            measure_data(
                pledge.revision, heading=measure.heading, text=measure.text, unit="ton",
                baseline=baseline,
            ),
        )  # fmt: skip

    history = entries(client.get(reverse("pledges:history", args=[pledge.pk])))
    # The whole number changed, not its last three digits.
    assert ["2 400"] in [entry["del"] for entry in history]
    assert ["2 500,5"] in [entry["ins"] for entry in history]
