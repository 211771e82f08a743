"""Workflows that cross apps: the pledge's content saves and status moves, with e-mail."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from actors.links import absolute_url
from actors.tasks import send_templated_email

from .exceptions import EditConflict, TransitionError
from .models import (
    LAST_YEAR,
    PLEDGE_ACTIONS,
    Measure,
    MeasureLink,
    Party,
    Pledge,
    PledgeEvent,
    Signatory,
    SignedVersion,
)
from .rules import is_pledge_coordinator
from .signals import published_data_changed
from .snapshot import pledge_snapshot
from .tasks import render_signed_pdf


def create_pledge(*, actor, start_year: int, end_year: int) -> Pledge:
    """A new draft, filled in from the actor's and the county board's standing texts."""
    county = actor.county
    with transaction.atomic():
        pledge = Pledge.objects.create(
            county=county,
            actor=actor,
            start_year=start_year,
            end_year=end_year,
            introduction=actor.description,
            signing_place=county.residence_city,
        )
        pledge.add_standard_commitments()
        if county.governor_name:
            Signatory.objects.create(
                pledge=pledge,
                party=Party.BOARD,
                order=1,
                name=county.governor_name,
                title=county.governor_title,
                organisation=county.board_name,
                email=county.governor_email,
            )
    return pledge


def save_pledge_content(*, pledge: Pledge, apply, part: str = "revision", revision=None) -> int:
    """Run `apply()` as one content change of `pledge`: of its `part` (one of
    Pledge.PART_REVISIONS), read at `revision`. Returns the part's new revision.

    Without a part the change conflicts with nobody here: adding a measure, or
    changing one, which `apply` claims first (Measure.claim_revision). Raises
    EditConflict when someone saved the part since, ContentLocked when the pledge's
    status no longer allows changes; in both cases nothing is written.
    """
    with transaction.atomic():
        new_revision = pledge.claim_revision(revision, part=part)
        apply()
    return new_revision


def pledge_transition(
    *, pledge: Pledge, action: str, user, note: str, revision: int
) -> PledgeEvent:
    """Move the pledge as `user` asked, and tell the other side by e-mail."""
    if pledge.revision != revision:
        raise EditConflict(pledge.revision)
    move = getattr(pledge, PLEDGE_ACTIONS[action].method)
    # One transaction: with the database task backend the e-mail is queued if
    # and only if the move is made.
    with transaction.atomic():
        event = move(by=user, note=note)
        notify_transition(pledge=pledge, event=event, user=user)
        if {event.from_status, event.to_status} & set(Pledge.PUBLISHED_STATUSES):
            published_data_changed.send(sender=Pledge, county_id=pledge.county_id)
    return event


def people_to_notify(pledge: Pledge, *, exclude=None) -> list[str]:
    """The county's coordinators and the actor's editors: the two sides of a pledge."""
    users = get_user_model().objects
    coordinators = users.coordinators_of(pledge.county_id).values_list("email", flat=True)
    editors = users.editors_of(pledge.actor_id).values_list("email", flat=True)
    excluded = {exclude.email} if exclude is not None else set()
    return sorted((set(coordinators) | set(editors)) - excluded)


def notify_transition(*, pledge: Pledge, event: PledgeEvent, user) -> None:
    # One message each: nobody learns the other recipients' addresses.
    pledge_url = absolute_url(reverse("pledges:edit", args=[pledge.pk]))
    for recipient in people_to_notify(pledge, exclude=user):
        _notify_one(recipient, pledge, event, user, pledge_url)


def _notify_one(recipient, pledge, event, user, pledge_url):
    send_templated_email.enqueue(
        to=[recipient],
        template="pledges/email/transition",
        context={
            "pledge": str(pledge),
            "from_status": str(Pledge.Status(event.from_status).label) if event.from_status else "",
            "to_status": str(Pledge.Status(event.to_status).label),
            "to": event.to_status,
            "by": str(user) if user else str(_("Portalen")),
            "note": event.note,
            "url": pledge_url,
        },
    )


# Signing ---------------------------------------------------------------------


def pledge_sign(
    *,
    pledge: Pledge,
    signatory: Signatory,
    user,
    method: str,
    link_address: str = "",
    scan: str = "",
    signed_on=None,
):
    """Record one signature; the last one makes the pledge signed and freezes it.

    Signing follows authority, never the right to edit the signatories:
    - in the portal (PORTAL), `user` must be the person whose address the county
      confirmed for the party (Pledge.confirmed_addresses);
    - by the e-mailed link (LINK), `link_address` is the address the link was sent
      to, and it must still be the confirmed one;
    - on paper (WET_INK), `user` is a coordinator of the pledge's county recording
      the signature dated `signed_on`, with `scan`, the stored name of its scan.
    Each signature records how the person was identified, and by whose confirmation.

    The pledge row is locked for the transaction, so two last signatures given at
    the same moment cannot both freeze a version.
    """
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().select_related("county").get(pk=pledge.pk)
        signatory = locked.signatories.get(pk=signatory.pk)
        signatory.pledge = locked
        if method == Signatory.Method.WET_INK:
            if user is None or not is_pledge_coordinator(user, locked):
                raise TransitionError(
                    _("Bara länets miljömålssamordnare registrerar underskrifter på papper.")
                )
            if signed_on is None:
                raise TransitionError(_("Ange när löftet undertecknades på papper."))
            signatory.record_signature(method=method, by=user, signed_on=signed_on, scan=scan)
        else:
            confirmed = signatory.confirmed_address()
            if method == Signatory.Method.PORTAL:
                identified = signatory.is_confirmed_person(user)
            elif method == Signatory.Method.LINK:
                identified = confirmed is not None and link_address.lower() == confirmed.email
                user = None  # the link identifies the person, whoever is signed in
            else:
                raise TransitionError(_("Okänt sätt att underteckna."))
            if not identified:
                raise TransitionError(
                    _(
                        "Du kan inte underteckna för %(name)s: bara den som har den adress "
                        "länsstyrelsen har bekräftat för %(organisation)s kan det."
                    )
                    % {"name": signatory.name, "organisation": signatory.organisation}
                )
            signatory.record_signature(
                method=method,
                by=user,
                identified_as=confirmed.email,
                address_confirmed_by=confirmed.confirmed_by,
            )
        if locked.signatories.filter(signed_at__isnull=True).exists():
            return None
        # The date printed beside the place is the day the last party signed (a
        # paper signature may be recorded after a later one given in the portal).
        last = max(s.signed_at for s in locked.signatories.all())
        Pledge.objects.filter(pk=locked.pk).update(signing_date=timezone.localdate(last))
        locked.refresh_from_db()
        locked.mark_signed(by=user)
        version = SignedVersion.objects.create(pledge=locked, content=pledge_snapshot(locked))
        render_signed_pdf.enqueue(version_id=version.pk)
        published_data_changed.send(sender=Pledge, county_id=locked.county_id)
    pledge.refresh_from_db()
    return version


def create_successor(*, pledge: Pledge, change: str, user) -> Pledge:
    """A new draft that renews or amends `pledge` (its `previous`): its texts, its
    measures with their programme links and its signatories (unsigned) copied, each
    measure remembering the one it was copied from (Measure.origin), so that the
    public pages can say what changed. A renewal runs for as many years from the year
    after the old period; an amendment keeps the period. Refused (TransitionError)
    unless `user` coordinates the pledge's county and the pledge can take it."""
    change = Pledge.Change(change)
    if not is_pledge_coordinator(user, pledge):
        raise TransitionError(_("Bara länets miljömålssamordnare förnyar och ändrar löften."))
    with transaction.atomic():
        # Locked: two coordinators pressing at once make one successor.
        old = Pledge.objects.select_for_update().select_related("actor", "county").get(pk=pledge.pk)
        problem = old.successor_problem(change)
        if problem:
            raise TransitionError(problem)
        start, end = old.start_year, old.end_year
        if change == Pledge.Change.RENEWAL:
            start, end = old.end_year + 1, old.end_year + 1 + (old.end_year - old.start_year)
            end = min(end, start + Pledge.MAX_YEARS, LAST_YEAR)
            if start > LAST_YEAR:
                raise TransitionError(_("Löftets period går inte att förnya i portalen."))
        new = Pledge.objects.create(
            county=old.county,
            actor=old.actor,
            start_year=start,
            end_year=end,
            introduction=old.introduction,
            signing_place=old.signing_place,
            previous=old,
            change=change,
        )
        links = []
        for measure in old.measures.prefetch_related("links"):
            copy = Measure.objects.create(
                pledge=new,
                origin=measure,
                **{
                    f: getattr(measure, f)
                    for f in (
                        "party",
                        "order",
                        "heading",
                        "text",
                        "link_text",
                        "indicator_unit",
                        "indicator_baseline",
                        "indicator_target",
                    )
                },
            )
            links += [
                MeasureLink(
                    measure=copy,
                    programme_measure_id=link.programme_measure_id,
                    is_primary=link.is_primary,
                    order=link.order,
                )
                for link in measure.links.all()
            ]
        bulk_create_with_history(links, MeasureLink)
        bulk_create_with_history(
            [
                Signatory(
                    pledge=new,
                    party=s.party,
                    order=s.order,
                    name=s.name,
                    title=s.title,
                    organisation=s.organisation,
                    email=s.email,
                )
                for s in old.signatories.all()
            ],
            Signatory,
        )
        # The new pledge's first event says what it is of, and who made it.
        new.events.create(
            kind=PledgeEvent.Kind.STATUS,
            from_status="",
            to_status=Pledge.Status.DRAFT,
            by=user,
            note=(
                _("Förnyelse av %(slug)s.")
                if change == Pledge.Change.RENEWAL
                else _("Ändring av %(slug)s.")
            )
            % {"slug": old.slug},
        )
    return new
