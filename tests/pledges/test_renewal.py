"""A coordinator renews or amends a pledge: a new draft with `previous` set, its
measures and links copied; an amendment, signed, replaces the pledge it amends; the
public pages say what changed, measure by measure, and link both ways."""

import pytest
from django.urls import reverse

from pledges.changes import ADDED, RELINKED, REMOVED, REWORDED, pledge_changes, word_diff
from pledges.exceptions import TransitionError
from pledges.models import Measure, MeasureLink, Party, Pledge
from pledges.services import create_successor
from tests import factories

S = Pledge.Status


def _signed(actor, extra_measures=0):
    """Actor A's signed 2020–2023 pledge: its first measure linked to programme measure 3,
    and `extra_measures` more."""
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor, start_year=2020, end_year=2023)
    pm = factories.ProgrammeMeasureFactory(theme__programme__county=actor.county, number="3")
    pledge.measures.get(party=Party.ACTOR).set_links([(pm, True)])
    for _i in range(extra_measures):
        factories.MeasureFactory(pledge=pledge, party=Party.ACTOR)
    return _sign(pledge)


@pytest.fixture
def signed(actor_a):
    return _signed(actor_a)


def _sign(pledge):
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    for signatory in pledge.signatories.all():
        signatory.record_signature(method="portal")
    pledge.mark_signed()
    pledge.refresh_from_db()
    return pledge


def test_a_renewal_copies_measures_links_and_signatories(signed, coordinator):
    new = create_successor(pledge=signed, change="renewal", user=coordinator)
    assert (new.status, new.previous, new.change) == (S.DRAFT, signed, "renewal")
    assert (new.start_year, new.end_year) == (2024, 2027)
    old_measures = list(signed.measures.order_by("party", "order"))
    copies = list(new.measures.order_by("party", "order"))
    assert [(m.heading, m.text, m.party) for m in copies] == [
        (m.heading, m.text, m.party) for m in old_measures
    ]
    assert [c.origin_id for c in copies] == [m.pk for m in old_measures]
    assert MeasureLink.objects.filter(measure__pledge=new).count() == 1
    assert new.signatories.count() == 2
    assert not new.signatories.filter(signed_at__isnull=False).exists()
    event = new.events.get()
    assert (event.to_status, event.by, event.kind) == (S.DRAFT, coordinator, "status")
    # The old pledge is untouched.
    signed.refresh_from_db()
    assert signed.status == S.SIGNED


def test_an_amendment_keeps_the_period_and_replaces_the_pledge_when_signed(signed, coordinator):
    new = create_successor(pledge=signed, change="amendment", user=coordinator)
    assert (new.start_year, new.end_year) == (2020, 2023)
    signed.refresh_from_db()
    assert signed.status == S.SIGNED  # it runs until the amendment is signed
    _sign(new)
    signed.refresh_from_db()
    assert new.status == S.SIGNED
    assert signed.status == S.CONCLUDED
    event = signed.events.order_by("-at", "-pk").first()
    assert (event.from_status, event.to_status) == (S.SIGNED, S.CONCLUDED)
    assert new.slug in event.note


def test_a_signed_renewal_leaves_the_old_pledge_as_it_was(signed, coordinator):
    new = _sign(create_successor(pledge=signed, change="renewal", user=coordinator))
    signed.refresh_from_db()
    assert new.status == S.SIGNED and signed.status == S.SIGNED


@pytest.mark.parametrize(
    ("status", "change"),
    [(S.DRAFT, "renewal"), (S.APPROVED, "amendment"), (S.CONCLUDED, "amendment")],
)
def test_only_a_signed_or_concluded_pledge_can_be_renewed_or_amended(
    actor_a, coordinator, status, change
):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    with pytest.raises(TransitionError):
        create_successor(pledge=pledge, change=change, user=coordinator)


def test_a_signed_pledge_is_renewed_only_in_its_last_year(actor_a, coordinator):
    running = factories.signed_pledge(actor=actor_a, start_year=2024, end_year=2035)
    with pytest.raises(TransitionError):
        create_successor(pledge=running, change="renewal", user=coordinator)


def test_one_successor_at_a_time(signed, coordinator):
    create_successor(pledge=signed, change="amendment", user=coordinator)
    with pytest.raises(TransitionError):
        create_successor(pledge=signed, change="renewal", user=coordinator)


def test_only_the_pledges_coordinator_makes_a_successor(signed, other_coordinator, editor_a):
    for user in (other_coordinator, editor_a):
        with pytest.raises(TransitionError):
            create_successor(pledge=signed, change="amendment", user=user)
    assert not signed.successors.exists()


# Through the pages: every member of the cast.

ROLES = [
    ("anonymous", 302),
    ("editor_b", 404),
    ("other_coordinator", 404),
    ("editor_a", 403),
    ("signatory_a", 403),
    ("coordinator", 302),
]


@pytest.mark.parametrize("name", ["renew", "amend"])
@pytest.mark.parametrize(("who", "expected"), ROLES)
def test_renew_and_amend_by_role(client, cast, signed, name, who, expected):
    if who != "anonymous":
        client.force_login(cast[who])
    url = reverse(f"pledges:{name}", kwargs={"pk": signed.pk})
    response = client.post(url)
    assert response.status_code == expected
    made = signed.successors.first()
    if who == "coordinator":
        assert response["Location"] == reverse("pledges:edit", kwargs={"pk": made.pk})
        assert made.change == ("renewal" if name == "renew" else "amendment")
    else:
        assert made is None
        if who == "anonymous":
            assert reverse("login") in response["Location"]


def test_the_confirmation_page_and_the_editors_buttons(client, coordinator, editor_a, signed):
    client.force_login(coordinator)
    page = client.get(reverse("pledges:edit", kwargs={"pk": signed.pk})).content.decode()
    assert reverse("pledges:renew", kwargs={"pk": signed.pk}) in page
    assert reverse("pledges:amend", kwargs={"pk": signed.pk}) in page
    confirm = client.get(reverse("pledges:amend", kwargs={"pk": signed.pk}))
    assert confirm.status_code == 200
    assert b"csrfmiddlewaretoken" in confirm.content
    assert not signed.successors.exists()  # a GET makes nothing
    client.force_login(editor_a)
    page = client.get(reverse("pledges:edit", kwargs={"pk": signed.pk})).content.decode()
    assert reverse("pledges:renew", kwargs={"pk": signed.pk}) not in page


def test_a_refused_post_says_why(client, coordinator, signed):
    client.force_login(coordinator)
    create_successor(pledge=signed, change="amendment", user=coordinator)
    response = client.post(reverse("pledges:renew", kwargs={"pk": signed.pk}))
    assert response.status_code == 409
    assert "redan förnyat" in response.content.decode()
    assert signed.successors.count() == 1


# What changed.


def test_the_four_kinds_of_change(signed, coordinator):
    pm_new = factories.ProgrammeMeasureFactory(theme__programme__county=signed.county, number="9")
    signed = _signed(signed.actor, extra_measures=1)
    new = create_successor(pledge=signed, change="amendment", user=coordinator)
    first, second = list(new.measures.filter(party=Party.ACTOR).order_by("order", "pk"))
    first.text = "Vi ska göra något mycket bra för miljön."
    first.save()
    first.set_links([(pm_new, True)])
    second.delete()
    Measure.objects.create(pledge=new, party=Party.ACTOR, heading="Ny", text="Helt ny åtgärd.")
    board = new.measures.get(party=Party.BOARD)
    board.set_links([(pm_new, False)])
    changes = pledge_changes(signed, new)
    kinds = {(c.party, tuple(c.kinds)) for c in changes}
    assert kinds == {
        (Party.ACTOR, (REWORDED, RELINKED)),
        (Party.ACTOR, (ADDED,)),
        (Party.BOARD, (RELINKED,)),
        (Party.ACTOR, (REMOVED,)),
    }
    reworded = next(c for c in changes if REWORDED in c.kinds)
    assert ("+", "mycket") in reworded.words
    assert "3" in reworded.links_before and "9" in reworded.links_after


def test_word_diff_marks_removed_and_added_words():
    assert word_diff("a b c", "a x c") == [("", "a"), ("-", "b"), ("+", "x"), ("", "c")]


def test_an_unchanged_successor_has_no_changes(signed, coordinator):
    new = create_successor(pledge=signed, change="renewal", user=coordinator)
    assert pledge_changes(signed, new) == []


def test_the_public_never_sees_the_draft_renewal(client, signed, coordinator):
    new = create_successor(pledge=signed, change="renewal", user=coordinator)
    assert client.get(new.get_absolute_url()).status_code == 404
    page = client.get(signed.get_absolute_url()).content.decode()
    assert new.slug not in page
    assert "changes-in-successor" not in page
    actor_page = client.get(signed.actor.get_absolute_url()).content.decode()
    assert new.slug not in actor_page


def test_the_public_pages_of_both_link_each_other_and_show_the_changes(client, signed, coordinator):
    new = create_successor(pledge=signed, change="amendment", user=coordinator)
    m = new.measures.get(party=Party.ACTOR)
    m.text = "Vi ska göra något annat för miljön."
    m.save()
    _sign(new)
    newer = client.get(new.get_absolute_url()).content.decode()
    assert signed.get_absolute_url() in newer
    assert 'id="changes-from-previous"' in newer
    assert "<ins>annat</ins>" in newer and "<del>bra</del>" in newer
    older = client.get(signed.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in older
    assert 'id="changes-in-successor"' in older
    timeline = client.get(signed.actor.get_absolute_url()).content.decode()
    assert timeline.index(signed.get_absolute_url()) < timeline.index(new.get_absolute_url())
    assert "Ersatt av" in timeline


@pytest.mark.parametrize("extra", [1, 8])
def test_query_counts_of_the_pages_with_changes(
    client, actor_a, coordinator, django_assert_max_num_queries, extra
):
    signed = _signed(actor_a, extra_measures=extra)
    new = _sign(create_successor(pledge=signed, change="renewal", user=coordinator))
    for url in (new.get_absolute_url(), signed.get_absolute_url()):
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(signed.actor.get_absolute_url()).status_code == 200
    client.force_login(coordinator)
    with django_assert_max_num_queries(60):
        assert client.get(reverse("pledges:edit", kwargs={"pk": signed.pk})).status_code == 200
