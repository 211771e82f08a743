"""A pledge's measures in the editor: the measure form with its programme search, the
quick add, removing and moving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.search import search_query

from ..access import get_changed_measure, get_content_pledge, require_party
from ..conflicts import form_after_conflict
from ..exceptions import ContentLocked, EditConflict
from ..forms import (
    LinkFormSet,
    MeasureForm,
    MeasureMoveForm,
    PledgeForm,
    RevisionMixin,
    programme_measure_label,
)
from ..models import Measure, Party, ProgrammeMeasure
from ..services import save_pledge_content
from .editor import (
    differences,
    editor_context,
    link_differences,
    typed_links,
)


@login_required
def measure_edit(request, pk, measure_pk=None):
    pledge = get_content_pledge(request, pk)
    part = request.POST.get("part") or request.GET.get("part")
    part = part if part in Party.values else Party.ACTOR
    if measure_pk is None:
        require_party(request, pledge, part)
        return _measure_form_page(request, pledge, Measure(pledge=pledge, party=part))
    measure = pledge.measures.filter(pk=measure_pk).first()
    if measure is not None:
        require_party(request, pledge, measure.party)
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
    query = search_query(request.GET.get("sok", ""))
    results = None
    if query:
        results = list(
            ProgrammeMeasure.objects.search(pledge.county, query)
            .select_related("theme__programme")
            .prefetch_related("objectives")[:SEARCH_LIMIT]
        )
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
                measure.order = pledge.measures.filter(party=measure.party).next_order()
            else:
                measure.claim_revision(form.cleaned_data["revision"])
            form.save()
            if link_formset is not None:
                measure.set_links(typed_links(link_formset))

        try:
            save_pledge_content(pledge=pledge, apply=apply)
        except EditConflict as conflict:
            # Only an existing measure conflicts: someone else saved (or removed) it.
            saved = Measure.objects.filter(pk=measure.pk).first()
            if saved is None:
                return _measure_removed_meanwhile(request, pledge, measure.party)
            theirs = differences(form, saved, MeasureForm.Meta.fields)
            if link_formset is not None:
                theirs += link_differences(link_formset, saved)
            form = form_after_conflict(MeasureForm, request.POST, conflict.current_revision,
                                       instance=saved, party=measure.party)  # fmt: skip
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


@login_required
@require_POST
def measure_quick_add(request, pk):
    """Add a measure from the editor page itself (htmx swaps the editor in place)."""
    pledge = get_content_pledge(request, pk)
    party = request.POST.get("part") if request.POST.get("part") in Party.values else Party.ACTOR
    require_party(request, pledge, party)
    measure = Measure(pledge=pledge, party=party)
    form = MeasureForm(request.POST, instance=measure, party=party, prefix="quick")
    # Without htmx the whole page comes back, as saved now.
    page_revision = _posted_int(request, "page_revision") if request.htmx else None
    locked_meanwhile = False
    if form.is_valid():

        def apply():
            measure.order = pledge.measures.filter(party=party).next_order()
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
        editor_context(
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
    measure = get_changed_measure(request, pk, measure_pk)
    pledge = measure.pledge
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
    measure = get_changed_measure(request, pk, measure_pk)
    pledge = measure.pledge
    form = MeasureMoveForm(request.POST)
    if form.is_valid():

        def apply():
            # Refused after an edit of this measure the page did not show; read
            # after the claim, so the list is the one the page showed.
            measure.claim_revision(form.cleaned_data["revision"], count_up=False)
            if not measure.move(up=form.cleaned_data["direction"] == "up"):
                raise _NothingToMove  # undoes the claims

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
