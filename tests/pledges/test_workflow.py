"""The pledge workflow: draft → in_review → approved → signed → concluded, and withdrawn."""

import datetime

import pytest
from django.utils import timezone

from pledges.exceptions import TransitionError
from pledges.models import Party, Pledge, PledgeEvent, Signatory
from tests import factories

S = Pledge.Status

# The method that asks for each move.
METHODS = {
    S.IN_REVIEW: "submit_for_review",
    S.APPROVED: "approve",
    S.DRAFT: "return_to_draft",
    S.WITHDRAWN: "withdraw",
    S.SIGNED: "mark_signed",
    S.CONCLUDED: "conclude",
}
LEGAL = [
    (S.DRAFT, S.IN_REVIEW),
    (S.DRAFT, S.WITHDRAWN),
    (S.IN_REVIEW, S.DRAFT),
    (S.IN_REVIEW, S.APPROVED),
    (S.IN_REVIEW, S.WITHDRAWN),
    (S.APPROVED, S.DRAFT),
    (S.APPROVED, S.SIGNED),
    (S.APPROVED, S.WITHDRAWN),
    (S.SIGNED, S.CONCLUDED),
    (S.SIGNED, S.WITHDRAWN),
]
ILLEGAL = [(a, b) for a in S for b in METHODS if (a, b) not in LEGAL]


def sign_all(pledge):
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)


def move(pledge, to, by):
    # Sending a pledge back to draft needs a comment saying what to change, and
    # concluding one a comment saying why.
    if to == S.DRAFT:
        return pledge.return_to_draft(by=by, note="Se över åtgärd 2.")
    if to == S.CONCLUDED:
        return pledge.conclude(by=by, note="Perioden är slut.")
    return getattr(pledge, METHODS[to])(by=by)


def snapshot(pledge):
    row = Pledge.objects.filter(pk=pledge.pk).values().get()
    return row, list(PledgeEvent.objects.filter(pledge=pledge).values_list("pk", flat=True))


def test_the_legal_moves_are_the_designed_ones():
    # DESIGN.md: draft → in_review → approved → signed → concluded, plus
    # withdrawn before concluded, and back to draft from review or approval.
    assert {(a, b) for a in S for b in Pledge.TRANSITIONS[a]} == set(LEGAL)


@pytest.mark.parametrize(("start", "to"), LEGAL, ids=[f"{a}->{b}" for a, b in LEGAL])
def test_legal_move_writes_an_event_and_sets_the_timestamp(actor_a, coordinator, start, to):
    pledge = factories.pledge_in_status(start, actor=actor_a)
    if to == S.SIGNED:
        sign_all(pledge)
    revision = pledge.revision
    events_before = PledgeEvent.objects.filter(kind=PledgeEvent.Kind.STATUS).count()
    before = timezone.now()

    event = move(pledge, to, coordinator)

    assert (event.kind, event.from_status, event.to_status) == ("status", start, to)
    assert event.by == coordinator
    assert event.pledge == pledge
    assert before <= event.at <= timezone.now()
    assert PledgeEvent.objects.filter(kind=PledgeEvent.Kind.STATUS).count() == events_before + 1
    stored = Pledge.objects.get(pk=pledge.pk)
    assert stored.status == pledge.status == to
    assert stored.revision == pledge.revision == revision + 1
    if to in Pledge.TIMESTAMP_FIELDS:
        assert getattr(stored, Pledge.TIMESTAMP_FIELDS[to]) == event.at
    else:
        assert stored.approved_at is None  # back to draft: the approval no longer holds


@pytest.mark.parametrize(("start", "to"), ILLEGAL, ids=[f"{a}->{b}" for a, b in ILLEGAL])
def test_illegal_move_raises_and_changes_nothing(actor_a, coordinator, start, to):
    pledge = factories.pledge_in_status(start, actor=actor_a)
    if start == S.APPROVED:
        sign_all(pledge)
    before = snapshot(pledge)
    with pytest.raises(TransitionError):
        move(pledge, to, coordinator)
    assert snapshot(pledge) == before
    assert pledge.status == start


def test_illegal_move_says_why_in_swedish(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    with pytest.raises(TransitionError, match="Ett löfte med status ”Utkast” kan inte bli"):
        pledge.approve(by=coordinator)


def test_mark_signed_refuses_while_a_signatory_has_not_signed(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    pledge.signatories.get(party=Party.ACTOR).record_signature(method=Signatory.Method.PORTAL)
    before = snapshot(pledge)
    with pytest.raises(TransitionError, match="Alla parter har inte undertecknat"):
        pledge.mark_signed(by=coordinator)
    assert snapshot(pledge) == before

    pledge.signatories.get(party=Party.BOARD).record_signature(method=Signatory.Method.WET_INK)
    pledge.mark_signed(by=coordinator)
    assert Pledge.objects.get(pk=pledge.pk).status == S.SIGNED


def test_mark_signed_refuses_a_pledge_without_signatories(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    # Submission requires signatories; a queryset delete goes around that.
    Signatory.objects.filter(pledge=pledge).delete()
    with pytest.raises(TransitionError):
        pledge.mark_signed(by=coordinator)
    assert Pledge.objects.get(pk=pledge.pk).status == S.APPROVED


def test_mark_signed_and_conclude_take_the_given_time(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    sign_all(pledge)
    signed = timezone.now() - datetime.timedelta(days=400)
    concluded = timezone.now() - datetime.timedelta(days=3)
    pledge.mark_signed(by=coordinator, at=signed)
    pledge.conclude(by=coordinator, note="Perioden är slut.", at=concluded)
    stored = Pledge.objects.get(pk=pledge.pk)
    assert (stored.signed_at, stored.concluded_at) == (signed, concluded)
    assert [e.at for e in stored.events.filter(kind="status").order_by("pk")][-2:] == [
        signed,
        concluded,
    ]


def test_a_stale_copy_cannot_move_a_pledge_someone_else_has_moved(actor_a, coordinator, editor_a):
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    stale = Pledge.objects.get(pk=pledge.pk)
    pledge.submit_for_review(by=editor_a)

    before = snapshot(pledge)
    # Still a legal move from the draft the stale copy shows.
    with pytest.raises(TransitionError, match="ändrats av någon annan"):
        stale.withdraw(by=coordinator)
    assert snapshot(pledge) == before
    assert Pledge.objects.get(pk=pledge.pk).status == S.IN_REVIEW


def test_a_stale_copy_cannot_move_a_pledge_that_has_come_back_to_the_same_status(
    actor_a, coordinator, editor_a
):
    # The coordinator opened the pledge in review; meanwhile the editor took it
    # back, changed it and sent it again. Approving the text the coordinator
    # read would approve a text nobody reviewed.
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    stale = Pledge.objects.get(pk=pledge.pk)
    pledge.return_to_draft(by=editor_a, note="Vi vill ändra en åtgärd.")
    pledge.submit_for_review(by=editor_a)

    before = snapshot(pledge)
    with pytest.raises(TransitionError):
        stale.approve(by=coordinator)
    assert snapshot(pledge) == before


def test_a_reloaded_copy_can_move_the_pledge(actor_a, coordinator, editor_a):
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    stale = Pledge.objects.get(pk=pledge.pk)
    pledge.submit_for_review(by=editor_a)
    stale.refresh_from_db()
    stale.approve(by=coordinator)
    assert Pledge.objects.get(pk=pledge.pk).status == S.APPROVED


def test_the_history_of_a_signed_pledge_reads_in_order(actor_a):
    pledge = factories.pledge_in_status(S.CONCLUDED, actor=actor_a)
    events = list(pledge.events.order_by("at", "pk"))
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        ("status", "draft", "in_review"),
        ("status", "in_review", "approved"),
        ("signature", "", ""),
        ("signature", "", ""),
        ("status", "approved", "signed"),
        ("status", "signed", "concluded"),
    ]


# Signatures


def test_record_signature_writes_an_event(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    signatory = pledge.signatories.get(party=Party.ACTOR)
    signatory.record_signature(method=Signatory.Method.WET_INK, by=coordinator)
    signatory.refresh_from_db()
    assert signatory.has_signed
    assert (signatory.method, signatory.signed_by) == ("wet_ink", coordinator)
    event = pledge.events.get(kind=PledgeEvent.Kind.SIGNATURE)
    assert (event.by, event.at) == (coordinator, signatory.signed_at)
    assert signatory.name in event.note


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.SIGNED, S.CONCLUDED, S.WITHDRAWN])
def test_only_an_approved_pledge_can_be_signed(actor_a, status):
    pledge = factories.pledge_in_status(status, actor=actor_a)
    signatory = pledge.signatories.first()
    Signatory.objects.filter(pk=signatory.pk).update(method="", signed_at=None)
    signatory.refresh_from_db()
    with pytest.raises(TransitionError, match="Bara ett godkänt löfte"):
        signatory.record_signature(method=Signatory.Method.PORTAL)
    signatory.refresh_from_db()
    assert not signatory.has_signed


def test_a_signatory_signs_once(actor_a):
    pledge = factories.pledge_in_status(S.APPROVED, actor=actor_a)
    signatory = pledge.signatories.first()
    signatory.record_signature(method=Signatory.Method.PORTAL)
    first = signatory.signed_at
    with pytest.raises(TransitionError, match="har redan undertecknat"):
        signatory.record_signature(method=Signatory.Method.WET_INK)
    signatory.refresh_from_db()
    assert (signatory.method, signatory.signed_at) == ("portal", first)
    assert pledge.events.filter(kind=PledgeEvent.Kind.SIGNATURE).count() == 1


def test_return_to_draft_from_approved_voids_the_signatures_given(db):
    pledge = factories.pledge_in_status(Pledge.Status.APPROVED)
    first = pledge.signatories.first()
    first.record_signature(method=Signatory.Method.PORTAL)

    pledge.return_to_draft(by=None, note="Texten behöver ändras.")

    assert not pledge.signatories.filter(signed_at__isnull=False).exists()
    pledge.submit_for_review(by=None)
    pledge.approve(by=None)
    with pytest.raises(TransitionError):
        pledge.mark_signed()


def test_returning_to_draft_needs_a_comment(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    with pytest.raises(TransitionError, match="Skriv en kommentar"):
        pledge.return_to_draft(by=coordinator, note="  ")
    assert Pledge.objects.get(pk=pledge.pk).status == S.IN_REVIEW


def test_submitting_needs_measures_of_both_parties_and_signatories(actor_a, editor_a):
    pledge = factories.PledgeFactory(actor=actor_a)
    with pytest.raises(TransitionError) as refused:
        pledge.submit_for_review(by=editor_a)
    for problem in ("ingen åtgärd från aktören", "inga åtaganden från länsstyrelsen",
                    "undertecknar för aktören", "undertecknar för länsstyrelsen"):  # fmt: skip
        assert problem in str(refused.value)
    assert Pledge.objects.get(pk=pledge.pk).status == S.DRAFT


def test_approval_is_refused_when_review_left_nothing_to_sign(actor_a, coordinator):
    pledge = factories.pledge_in_status(S.IN_REVIEW, actor=actor_a)
    pledge.signatories.filter(party=Party.BOARD).delete()
    with pytest.raises(TransitionError, match="undertecknar för länsstyrelsen"):
        pledge.approve(by=coordinator)
    assert Pledge.objects.get(pk=pledge.pk).status == S.IN_REVIEW


def test_the_status_cannot_be_set_around_the_workflow(actor_a):
    pledge = factories.pledge_in_status(S.DRAFT, actor=actor_a)
    pledge.status = S.SIGNED
    pledge.signed_at = timezone.now()
    with pytest.raises(TransitionError, match="bara genom arbetsflödet"):
        pledge.save()
    assert Pledge.objects.get(pk=pledge.pk).status == S.DRAFT
