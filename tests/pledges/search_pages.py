"""Pledges to search and filter: built as drafts with the texts a test needs, then
taken through the workflow to the status it needs."""

from django.urls import reverse

from pledges.models import Pledge, Signatory
from tests import factories

S = Pledge.Status


def advance(pledge: Pledge, status: str) -> Pledge:
    """Take a draft through the workflow to `status`."""
    if status == S.DRAFT:
        return pledge
    if status == S.WITHDRAWN:
        pledge.withdraw(by=None)
        return pledge
    pledge.submit_for_review(by=None)
    if status == S.IN_REVIEW:
        return pledge
    pledge.approve(by=None)
    if status == S.APPROVED:
        return pledge
    for signatory in pledge.signatories.all():
        signatory.record_signature(method=Signatory.Method.PORTAL)
    pledge.mark_signed()
    if status == S.CONCLUDED:
        pledge.conclude(note="Perioden är slut.")
    return pledge


def pledge_saying(status=S.SIGNED, *, measures=(), links=(), **kwargs) -> Pledge:
    """A pledge in `status` whose actor measures are `measures` ((heading, text) pairs),
    the first of them linked to each programme measure of `links`."""
    pledge = factories.pledge_in_status(S.DRAFT, **kwargs)
    made = [
        factories.MeasureFactory(pledge=pledge, heading=heading, text=text)
        for heading, text in measures
    ]
    target = made[0] if made else pledge.measures.first()
    for programme_measure in links:
        factories.MeasureLinkFactory(measure=target, programme_measure=programme_measure)
    return advance(pledge, status)


def listed(client, **params) -> list[Pledge]:
    """The pledges the public list shows for `params`, in its order (its first page)."""
    response = client.get(reverse("pledges:list"), params)
    assert response.status_code == 200
    return list(response.context["page"].object_list)
