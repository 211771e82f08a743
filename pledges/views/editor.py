"""The workspace and the pledge editor: where coordinators and actors work."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Max, Prefetch, Q, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.models import Actor, Membership
from actors.reference import municipality_names
from actors.rules import reach

from .. import history
from ..forms import (
    LinkFormSet,
    MeasureForm,
    MeasureMoveForm,
    NewPledgeForm,
    PledgeForm,
    RevisionMixin,
    SignatoryFormSet,
    TransitionForm,
    WorkspaceFilterForm,
    programme_measure_label,
)
from ..models import (
    ContentLocked,
    EditConflict,
    Measure,
    MeasureLink,
    Party,
    Pledge,
    PledgeEvent,
    ProgrammeMeasure,
    Signatory,
    SignedVersion,
    TransitionError,
)
from ..numbers import format_number
from ..rules import is_pledge_coordinator, is_pledge_editor
from ..services import create_pledge, pledge_transition, save_pledge_content
from ..text import link_line
from .public import pledge_document_context

WORKSPACE_PAGE_SIZE = 50


@login_required
def workspace(request):
    """The signed-in user's start: their pledges by status, and what needs doing."""
    user = request.user
    mine = Pledge.objects.workspace_of(user)
    codes = (
        Actor.objects.workspace_of(user)
        .exclude(municipality="")
        .values_list("municipality", flat=True)
        .distinct()
        .order_by("municipality")
    )
    names = municipality_names()
    filters = WorkspaceFilterForm(
        request.GET or None, municipalities=[(code, names.get(code, code)) for code in codes]
    )
    pledges = filters.filter(mine.for_listing()).order_by("status", "actor__name", "-start_year")
    page = Paginator(pledges, WORKSPACE_PAGE_SIZE).get_page(request.GET.get("sida"))

    # Reviewing is the coordinators' task; a missing signature concerns both sides.
    to_review = Q(status=Pledge.Status.IN_REVIEW) & reach(user, county="county_id")
    attention = (
        mine.filter(to_review | Q(status=Pledge.Status.APPROVED))
        .select_related("actor", "county")
        .annotate(
            unsigned=Count("signatories", filter=Q(signatories__signed_at__isnull=True)),
            review_first=Case(When(status=Pledge.Status.IN_REVIEW, then=0), default=1),
        )
        .order_by("review_first", "actor__name")
    )
    # Signatures the user gives themselves: the governor's pledges are in nobody's
    # workspace but the county's, so they are listed here.
    to_sign = Signatory.objects.awaiting_signature_by(user).select_related("pledge__actor")
    status_counts = dict(mine.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "pledges/workspace.html",
        {
            "workspace_section": "pledges",
            "filters": filters,
            "page": page,
            "attention": attention,
            "to_sign": to_sign,
            "status_counts": [
                (value, label, status_counts.get(value, 0))
                for value, label in Pledge.Status.choices
            ],
            "creatable_actors": Actor.objects.workspace_of(user).exists(),
        },
    )


# The pledge editor ---------------------------------------------------------


def get_workspace_pledge(request, pk, perm=None) -> Pledge:
    """The access helper of the workspace: a pledge outside the user's counties and
    organisations is a 404; one they see but may not act on that way is a 403."""
    pledge = get_object_or_404(
        Pledge.objects.workspace_of(request.user).select_related("actor", "county"), pk=pk
    )
    if perm and not request.user.has_perm(perm, pledge):
        raise PermissionDenied
    return pledge


def get_content_pledge(request, pk) -> Pledge:
    """The access helper of the content forms (measures, signatories).

    Like get_workspace_pledge with pledges.edit_pledge, except for a POST by
    someone who could edit the pledge as a draft, to a pledge that has left
    draft or review since they opened the form: that is no 403 with their text
    gone, but the form again with what they typed and why it cannot be saved
    (the models refuse the save with ContentLocked).
    """
    pledge = get_workspace_pledge(request, pk)
    user = request.user
    if user.has_perm("pledges.edit_pledge", pledge):
        return pledge
    locked_meanwhile = request.method == "POST" and not pledge.content_editable
    if locked_meanwhile and (is_pledge_coordinator(user, pledge) or is_pledge_editor(user, pledge)):
        return pledge
    raise PermissionDenied


def _require_party(request, pledge, party):
    """The board's commitments are edited by the county board's people only."""
    if party == Party.BOARD and not _edits_board_part(request, pledge):
        raise PermissionDenied


def _edits_board_part(request, pledge) -> bool:
    if not pledge.content_editable:
        # Locked meanwhile (get_content_pledge): the form keeps the shape it had.
        return is_pledge_coordinator(request.user, pledge)
    return request.user.has_perm("pledges.edit_board_part", pledge)


def _startable_actors(user):
    editor_of = Membership.objects.filter(user=user, role=Membership.Role.EDITOR).values("actor")
    return (
        Actor.objects.filter(
            Q(pk__in=Actor.objects.managed_by(user).values("pk")) | Q(pk__in=editor_of)
        )
        .select_related("county")
        .order_by("name")
    )


@login_required
def pledge_create(request):
    actors = _startable_actors(request.user)
    if not actors.exists():
        raise PermissionDenied
    form = NewPledgeForm(
        request.POST or None, actors=actors, initial={"actor": request.GET.get("aktor")}
    )
    if request.method == "POST" and form.is_valid():
        pledge = create_pledge(
            actor=form.cleaned_data["actor"],
            start_year=form.cleaned_data["start_year"],
            end_year=form.cleaned_data["end_year"],
            user=request.user,
        )
        messages.success(request, _("Löftet är skapat som utkast."))
        return redirect("pledges:edit", pk=pledge.pk)
    return render(request, "pledges/create.html", {"form": form, "workspace_section": "pledges"})


def _editor_context(request, pledge, **extra):
    quick_form = extra.pop("quick_measure_form", None) or MeasureForm(prefix="quick")
    if request.htmx:
        # After an instant add the editor is swapped in place: go on typing the next one.
        quick_form.fields["heading"].widget.attrs["autofocus"] = True
    measures = list(
        pledge.measures.prefetch_related(
            Prefetch(
                "links", queryset=MeasureLink.objects.select_related("programme_measure__theme")
            )
        )
    )
    user = request.user
    actions = [
        (action, label)
        for action, label in TransitionForm.ACTIONS.items()
        if user.has_perm(ACTION_PERMS[action], pledge)
    ]
    return {
        "pledge": pledge,
        "workspace_section": "pledges",
        "can_edit": user.has_perm("pledges.edit_pledge", pledge),
        "can_edit_board": user.has_perm("pledges.edit_board_part", pledge),
        "can_record_signature": user.has_perm("pledges.record_signature", pledge),
        "signed_version": SignedVersion.objects.filter(pledge=pledge, rendered_at__isnull=False)
        .only("code")
        .first(),
        "actor_measures": [m for m in measures if m.party == Party.ACTOR],
        "board_measures": [m for m in measures if m.party == Party.BOARD],
        "signatories": _signatories(pledge, user),
        "can_view_scans": user.has_perm("pledges.view_signature_scan", pledge),
        "events": list(pledge.events.select_related("by").order_by("-at", "-pk")[:10]),
        "actions": actions,
        "problems": pledge.submission_problems() if pledge.status == Pledge.Status.DRAFT else [],
        "quick_measure_form": quick_form,
        # The pledge-wide revision the page was read at, for the workflow's forms.
        "page_revision": pledge.revision,
        **extra,
    }


def _signatories(pledge, user) -> list:
    """The signatories as the editor shows them: each with its signing record, whether
    its address is confirmed (if not: why nobody can sign yet), whether this user is
    the person who signs, and the event holding its current scan."""
    from ..snapshot import signatory_entry
    from ..text import signing_record

    signatories = list(pledge.signatories.select_related("signed_by", "address_confirmed_by"))
    if not signatories:
        return []
    addresses = pledge.confirmed_addresses()
    current = {
        event.signatory_id: event
        for event in pledge.events.filter(kind=PledgeEvent.Kind.SIGNATURE).order_by("at", "pk")
    }
    for s in signatories:
        s.record = signing_record(signatory_entry(s, pledge.county)) if s.has_signed else ""
        s.confirmed = s.confirmed_address(addresses)
        s.may_sign = (
            pledge.status == Pledge.Status.APPROVED
            and not s.has_signed
            and s.is_confirmed_person(user, addresses)
        )
        event = current.get(s.pk)
        s.scan_event = event if s.has_signed and s.scan and event and event.scan else None
    return signatories


ACTION_PERMS = {
    "submit": "pledges.submit_pledge",
    "approve": "pledges.approve_pledge",
    "return": "pledges.return_pledge",
    "conclude": "pledges.conclude_pledge",
    "withdraw": "pledges.withdraw_pledge",
}


def _conflict_message(current_revision) -> str:
    return _(
        "Någon annan har sparat löftet medan du redigerade. Dina ändringar är inte sparade, "
        "men de står kvar nedan: jämför med det som nu är sparat och spara igen."
    )


def _rebind(form_class, data, revision, **kwargs):
    """The form again, as the user typed it, now carrying the part's current revision."""
    data = data.copy()
    prefix = kwargs.get("prefix")
    data[f"{prefix}-revision" if prefix else "revision"] = revision
    return form_class(data, **kwargs)


@login_required
def pledge_edit(request, pk):
    pledge = get_workspace_pledge(request, pk)
    form = None
    if request.user.has_perm("pledges.edit_pledge", pledge):
        # A bound form writes what was typed into its instance: give it a copy, so
        # the page around it still shows what is saved.
        instance = Pledge.objects.get(pk=pledge.pk) if request.method == "POST" else pledge
        form = PledgeForm(
            request.POST or None, instance=instance, initial={"revision": pledge.fields_revision}
        )
    elif request.method == "POST":
        return _refused_with_text_kept(request, pledge)
    theirs = []
    if request.method == "POST" and form.is_valid():

        def apply():
            form.instance.revision = pledge.revision  # its history row: the one just claimed
            form.save()

        try:
            save_pledge_content(
                pledge=pledge,
                part="fields_revision",
                revision=form.cleaned_data["revision"],
                apply=apply,
            )
        except EditConflict as conflict:
            saved = Pledge.objects.get(pk=pledge.pk)
            theirs = _differences(form, saved, PledgeForm.Meta.fields)
            form = _rebind(
                PledgeForm, request.POST, conflict.current_revision, instance=Pledge(pk=saved.pk)
            )
            form.is_valid()
            form.add_error(None, _conflict_message(conflict.current_revision))
            pledge = saved
        except ContentLocked as locked:
            # Approved meanwhile: say so, and keep what was typed on the screen.
            form.add_error(None, str(locked))
            pledge.refresh_from_db()
        else:
            messages.success(request, _("Löftet är sparat."))
            return redirect("pledges:edit", pk=pledge.pk)
    return render(
        request, "pledges/edit.html", _editor_context(request, pledge, form=form, theirs=theirs)
    )


def _refused_with_text_kept(request, pledge):
    """A save the pledge's status (or the person's role) no longer allows: refused, with
    what they typed still on the screen to copy, and the reason beside it."""
    form = PledgeForm(request.POST, instance=Pledge.objects.get(pk=pledge.pk))
    form.is_valid()
    if pledge.content_editable:
        reason = _("Löftet granskas av länsstyrelsen och kan inte ändras av dig just nu.")
    else:
        reason = _("Löftet har status ”%(status)s” och dess innehåll kan inte ändras.") % {
            "status": pledge.get_status_display()
        }
    form.add_error(None, reason)
    context = _editor_context(request, pledge, form=form, theirs=[])
    return render(request, "pledges/edit.html", context, status=403)


def _differences(form, saved, names):
    """What is saved now where it differs from what was typed: shown beside the form."""
    return [
        (form.fields[name].label, _shown(getattr(saved, name)))
        for name in names
        if getattr(saved, name) != form.cleaned_data.get(name)
    ]


def _link_differences(link_formset, saved):
    """The saved links, where they differ from the typed ones (the same box)."""
    links = list(saved.links.select_related("programme_measure__theme"))
    typed = [(pm.pk, primary) for pm, primary in _typed_links(link_formset)]
    if typed == [(link.programme_measure_id, link.is_primary) for link in links]:
        return []
    return [(_("Koppling till åtgärdsprogrammet"), saved.link_text or link_line(links))]


def _typed_links(link_formset):
    """(programme measure, is primary) in the order typed, the blank rows left out."""
    return [
        (f.cleaned_data["reference"], f.cleaned_data.get("is_primary", False))
        for f in link_formset.forms
        if f.cleaned_data.get("reference") is not None
    ]


def _shown(value):
    return format_number(value) if isinstance(value, Decimal) else value


@login_required
def measure_edit(request, pk, measure_pk=None):
    pledge = get_content_pledge(request, pk)
    part = request.POST.get("part") or request.GET.get("part")
    part = part if part in Party.values else Party.ACTOR
    if measure_pk is None:
        _require_party(request, pledge, part)
        return _measure_form_page(request, pledge, Measure(pledge=pledge, party=part))
    measure = pledge.measures.filter(pk=measure_pk).first()
    if measure is not None:
        _require_party(request, pledge, measure.party)
        return _measure_form_page(request, pledge, measure)
    if request.method != "POST":
        raise Http404
    return _measure_removed_meanwhile(request, pledge, part)


def _measure_removed_meanwhile(request, pledge, part):
    """Someone removed the measure while this person typed: keep what they typed, and
    offer to save it as a new measure."""
    messages.error(
        request,
        _(
            "Åtgärden har tagits bort av någon annan. Det du skrev står kvar: spara igen för "
            "att lägga till det som en ny åtgärd."
        ),  # fmt: skip
    )
    return _measure_form_page(
        request,
        pledge,
        Measure(pledge=pledge, party=part),
        save=False,
        action=reverse("pledges:measure_create", args=[pledge.pk]),
    )


def _measure_form_page(request, pledge, measure, *, save=True, action=""):
    query = request.GET.get("sok", "").strip()
    results = search_programme_measures(pledge.county, query) if query else None
    if request.htmx and request.method == "GET" and "sok" in request.GET:
        # The search box asks for its results alone.
        return render(
            request,
            "pledges/measure_form.html#programme-search-results",
            {"query": query, "results": results},
        )
    data = request.POST if request.method == "POST" else None
    initial_links = [
        {
            "reference": programme_measure_label(link.programme_measure),
            "is_primary": link.is_primary,
        }
        for link in (measure.links.select_related("programme_measure__theme") if measure.pk else [])
    ]
    form = MeasureForm(
        data, instance=measure, party=measure.party, initial={"revision": measure.revision}
    )
    link_formset = None
    if measure.party == Party.ACTOR:
        link_formset = LinkFormSet(
            data, initial=initial_links, prefix="links", form_kwargs={"pledge": pledge}
        )
        if data is None:
            link_formset.extra = 2  # room for two more links; a save adds two more again
    theirs = []
    valid = data is not None and form.is_valid()
    valid = valid and (link_formset is None or link_formset.is_valid())
    if save and valid:

        def apply():
            if measure.pk is None:
                siblings = pledge.measures.filter(party=measure.party)
                measure.order = (siblings.aggregate(Max("order"))["order__max"] or 0) + 1
            else:
                measure.claim_revision(form.cleaned_data["revision"])
            form.save()
            if link_formset is not None:
                _save_links(measure, link_formset)

        try:
            save_pledge_content(pledge=pledge, apply=apply)
        except EditConflict as conflict:
            # Only an existing measure conflicts: someone else saved (or removed) it.
            saved = Measure.objects.filter(pk=measure.pk).first()
            if saved is None:
                return _measure_removed_meanwhile(request, pledge, measure.party)
            theirs = _differences(form, saved, MeasureForm.Meta.fields)
            if link_formset is not None:
                theirs += _link_differences(link_formset, saved)
            form = _rebind(MeasureForm, request.POST, conflict.current_revision,
                           instance=saved, party=measure.party)  # fmt: skip
            form.is_valid()
            form.add_error(None, _conflict_message(conflict.current_revision))
        except ContentLocked as locked:
            # Approved meanwhile: say so, and keep what was typed on the screen.
            form.add_error(None, str(locked))
        else:
            messages.success(request, _("Åtgärden är sparad."))
            if request.POST.get("then") == "new":
                return redirect(
                    reverse("pledges:measure_create", args=[pledge.pk]) + f"?part={measure.party}"
                )
            return redirect(reverse("pledges:edit", args=[pledge.pk]) + f"#measure-{measure.pk}")
    return render(
        request,
        "pledges/measure_form.html",
        {
            "query": query,
            "results": results,
            "pledge": pledge,
            "measure": measure,
            "form": form,
            "form_action": action,
            "link_formset": link_formset,
            "link_errors": link_formset.total_error_count() if link_formset and data else 0,
            "theirs": theirs,
            "programme_measures": ProgrammeMeasure.objects.filter(
                theme__programme__county=pledge.county
            ).select_related("theme"),
            "workspace_section": "pledges",
        },
    )


SEARCH_LIMIT = 25


def search_programme_measures(county, query):
    """Programme measures of the county matching a number, a theme, a title or a text."""
    words = query.split()
    matches = ProgrammeMeasure.objects.filter(theme__programme__county=county)
    for word in words:
        matches = matches.filter(
            Q(number__iexact=word.strip(",."))
            | Q(theme__name__icontains=word)
            | Q(title__icontains=word)
            | Q(description__icontains=word)
        )
    return list(
        matches.select_related("theme__programme").prefetch_related("objectives")[:SEARCH_LIMIT]
    )


def _save_links(measure, link_formset):
    wanted = _typed_links(link_formset)
    existing = {link.programme_measure_id: link for link in measure.links.all()}
    keep = set()
    for order, (pm, primary) in enumerate(wanted, start=1):
        keep.add(pm.pk)
        link = existing.get(pm.pk)
        if link is None:
            MeasureLink.objects.create(
                measure=measure, programme_measure=pm, is_primary=primary, order=order
            )
        elif (link.is_primary, link.order) != (primary, order):
            link.is_primary, link.order = primary, order
            link.save()
    for pm_id, link in existing.items():
        if pm_id not in keep:
            link.delete()


@login_required
@require_POST
def measure_quick_add(request, pk):
    """Add a measure from the editor page itself (htmx swaps the editor in place)."""
    pledge = get_content_pledge(request, pk)
    party = request.POST.get("part") if request.POST.get("part") in Party.values else Party.ACTOR
    _require_party(request, pledge, party)
    measure = Measure(pledge=pledge, party=party)
    form = MeasureForm(request.POST, instance=measure, party=party, prefix="quick")
    # Without htmx the whole page comes back, as saved now.
    page_revision = _posted_int(request, "page_revision") if request.htmx else None
    locked_meanwhile = False
    if form.is_valid():

        def apply():
            measure.order = (
                pledge.measures.filter(party=party).aggregate(Max("order"))["order__max"] or 0
            ) + 1
            form.save()

        try:
            revision = save_pledge_content(pledge=pledge, apply=apply)
        except ContentLocked as locked:
            form.add_error(None, str(locked))
            pledge.refresh_from_db()
            locked_meanwhile = True
        else:
            messages.success(
                request, _("Åtgärden ”%(heading)s” är tillagd.") % {"heading": measure.heading}
            )
            if not request.htmx:
                return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#actor-measures")
            # The page now shows the measures as saved. Its workflow may go on from
            # this add's revision only if nothing else was saved since the page was
            # read: the page does not show a pledge text or signatories saved meanwhile.
            if page_revision == revision - 1:
                page_revision = revision
            form = None
    return _quick_add_response(
        request,
        pledge,
        page_revision=page_revision,
        quick_measure_form=form,
        quick_locked=locked_meanwhile,
    )


def _posted_int(request, name) -> int | None:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return None


def _quick_add_response(
    request, pledge, *, page_revision, quick_measure_form=None, quick_locked=False
):
    """The editor after a quick add. htmx swaps the measures, the messages and the
    workflow out of it (edit.html), nothing else: the pledge form keeps what is typed
    in it, and the revision of the fields it read. The workflow carries
    `page_revision`: none may go on past a save the page never showed.
    A pledge locked meanwhile keeps the quick form on screen, with its text and why."""
    pledge.refresh_from_db()
    if page_revision is None:  # not sent: only what the page shows now counts
        page_revision = pledge.revision
    return render(
        request,
        "pledges/edit.html",
        _editor_context(
            request,
            pledge,
            form=PledgeForm(instance=pledge, initial={"revision": pledge.fields_revision}),
            quick_measure_form=quick_measure_form,
            quick_locked=quick_locked,
            page_revision=page_revision,
            theirs=[],
        ),
        status=200,
    )


@login_required
@require_POST
def measure_delete(request, pk, measure_pk):
    pledge = get_workspace_pledge(request, pk, "pledges.edit_pledge")
    measure = get_object_or_404(pledge.measures, pk=measure_pk)
    _require_party(request, pledge, measure.party)
    form = RevisionMixin(request.POST)
    if form.is_valid():

        def apply():
            # Refused if the measure was edited since the page showed it; counts the
            # order up (no check), as a stale move would land elsewhere than shown.
            measure.claim_revision(form.cleaned_data["revision"])
            measure.delete()

        try:
            save_pledge_content(pledge=pledge, part="order_revision", apply=apply)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Någon annan har just sparat löftet. Inget togs bort: "
                    "titta igen och försök på nytt."
                ),
            )
        except ContentLocked as locked:
            messages.error(request, str(locked))
        else:
            messages.success(
                request, _("Åtgärden ”%(heading)s” är borttagen.") % {"heading": measure}
            )
    return redirect("pledges:edit", pk=pledge.pk)


class _NothingToMove(Exception):
    """The first measure up, or the last one down: no change, nothing claimed."""


@login_required
@require_POST
def measure_move(request, pk, measure_pk):
    pledge = get_workspace_pledge(request, pk, "pledges.edit_pledge")
    measure = get_object_or_404(pledge.measures, pk=measure_pk)
    _require_party(request, pledge, measure.party)
    form = MeasureMoveForm(request.POST)
    if form.is_valid():

        def apply():
            # Refused after an edit of this measure the page did not show; read
            # after the claim, so the list is the one the page showed.
            measure.claim_revision(form.cleaned_data["revision"], count_up=False)
            siblings = list(pledge.measures.filter(party=measure.party).order_by("order", "pk"))
            i = next(n for n, m in enumerate(siblings) if m.pk == measure.pk)
            j = i - 1 if form.cleaned_data["direction"] == "up" else i + 1
            if not 0 <= j < len(siblings):
                raise _NothingToMove
            siblings[i], siblings[j] = siblings[j], siblings[i]
            for order, m in enumerate(siblings, start=1):
                if m.order != order:
                    m.order = order
                    m.save(update_fields=["order"])

        try:
            save_pledge_content(
                pledge=pledge,
                part="order_revision",
                revision=form.cleaned_data["order_revision"],
                apply=apply,
            )
        except EditConflict:
            messages.error(
                request,
                _(
                    "Någon annan har just sparat löftet. Ordningen ändrades inte: "
                    "titta igen och försök på nytt."
                ),
            )
        except ContentLocked as locked:
            messages.error(request, str(locked))
        except _NothingToMove:
            pass
    return redirect(reverse("pledges:edit", args=[pledge.pk]) + f"#measure-{measure.pk}")


@login_required
def signatories_edit(request, pk):
    pledge = get_content_pledge(request, pk)
    queryset = pledge.signatories.all()
    board_too = _edits_board_part(request, pledge)
    if not board_too:
        # An actor's editor names the actor's signatories, never the board's.
        queryset = queryset.filter(party=Party.ACTOR)
    data = request.POST if request.method == "POST" else None
    revision_form = RevisionMixin(data, initial={"revision": pledge.signatories_revision})
    formset = SignatoryFormSet(
        data, queryset=queryset, form_kwargs={"parties": None if board_too else [Party.ACTOR]}
    )
    if request.method == "POST" and revision_form.is_valid() and formset.is_valid():

        def apply():
            for obj in formset.save(commit=False):
                obj.pledge = pledge
                obj.save()
            for obj in formset.deleted_objects:
                obj.delete()

        try:
            save_pledge_content(
                pledge=pledge,
                part="signatories_revision",
                revision=revision_form.cleaned_data["revision"],
                apply=apply,
            )
        except EditConflict as conflict:
            revision_form = _rebind(RevisionMixin, request.POST, conflict.current_revision)
            revision_form.is_valid()
            revision_form.add_error(None, _conflict_message(conflict.current_revision))
        except ContentLocked as locked:
            # Approved meanwhile: say so, and keep what was typed on the screen.
            revision_form.add_error(None, str(locked))
            pledge.refresh_from_db()
        else:
            messages.success(request, _("Undertecknarna är sparade."))
            return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#signatories")
    return render(
        request,
        "pledges/signatories_form.html",
        {
            "pledge": pledge,
            "formset": formset,
            "revision_form": revision_form,
            "workspace_section": "pledges",
        },
    )


@login_required
@require_POST
def pledge_transition_view(request, pk):
    pledge = get_workspace_pledge(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Okänd åtgärd."))
        return redirect("pledges:edit", pk=pledge.pk)
    action = form.cleaned_data["action"]
    if not request.user.has_perm(ACTION_PERMS[action], pledge):
        raise PermissionDenied
    try:
        pledge_transition(
            pledge=pledge,
            action=action,
            user=request.user,
            note=form.cleaned_data["note"],
            revision=form.cleaned_data["revision"],
        )
    except EditConflict:
        messages.error(
            request,
            _("Löftet har ändrats sedan du öppnade det. Läs igenom det igen innan du går vidare."),
        )
    except TransitionError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Löftet har nu status ”%(status)s”.") % {"status": pledge.get_status_display()},
        )
    return redirect("pledges:edit", pk=pledge.pk)


@login_required
def pledge_preview(request, pk):
    """The pledge as the public page will show it, for the people working on it."""
    pledge = get_workspace_pledge(request, pk)
    context = pledge_document_context(pledge)
    context["preview"] = True
    return render(request, "pledges/detail.html", context)


@login_required
def pledge_history(request, pk):
    pledge = get_workspace_pledge(request, pk, "pledges.view_history")
    return render(
        request,
        "pledges/history.html",
        {
            "pledge": pledge,
            "entries": history.pledge_history(
                pledge, scans=request.user.has_perm("pledges.view_signature_scan", pledge)
            ),
            "workspace_section": "pledges",
        },
    )
