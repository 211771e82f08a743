"""The pledge editor: a pledge's fields, signatories, workflow, preview and history."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actors.access import require, startable_actors

from .. import history
from ..access import edits_board_part, get_content_pledge, get_workspace_pledge
from ..conflicts import form_after_conflict
from ..exceptions import ContentLocked, EditConflict, TransitionError
from ..forms import (
    MeasureForm,
    NewPledgeForm,
    PledgeForm,
    RevisionMixin,
    SignatoryFormSet,
    TransitionForm,
)
from ..models import PLEDGE_ACTIONS, MeasureLink, Party, Pledge, PledgeEvent, SignedVersion
from ..numbers import format_number
from ..services import (
    create_pledge,
    create_successor,
    pledge_transition,
    save_pledge_content,
)
from ..text import link_line
from .public import pledge_document_context


@login_required
def pledge_create(request):
    actors = startable_actors(request)
    form = NewPledgeForm(
        request.POST or None, actors=actors, initial={"actor": request.GET.get("aktor")}
    )
    if request.method == "POST" and form.is_valid():
        pledge = create_pledge(
            actor=form.cleaned_data["actor"],
            start_year=form.cleaned_data["start_year"],
            end_year=form.cleaned_data["end_year"],
        )
        messages.success(request, _("Löftet är skapat som utkast."))
        return redirect("pledges:edit", pk=pledge.pk)
    return render(request, "pledges/create.html", {"form": form, "workspace_section": "pledges"})


def editor_context(request, pledge, **extra):
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
        (name, action.label)
        for name, action in PLEDGE_ACTIONS.items()
        if user.has_perm(action.perm, pledge)
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
        "successor_actions": successor_actions(user, pledge),
        "successors": list(pledge.successors.order_by("-created_at")),
        "previous": pledge.previous,
        "problems": pledge.submission_problems() if pledge.status == Pledge.Status.DRAFT else [],
        "quick_measure_form": quick_form,
        # The pledge-wide revision the page was read at, for the workflow's forms.
        "page_revision": pledge.revision,
        **extra,
    }


SUCCESSOR_PERMS = {
    Pledge.Change.RENEWAL: "pledges.renew_pledge",
    Pledge.Change.AMENDMENT: "pledges.amend_pledge",
}


def successor_actions(user, pledge) -> list:
    """The renewal and amendment this user may start of `pledge`: (change, label)."""
    return [
        (change, change.label)
        for change, perm in SUCCESSOR_PERMS.items()
        if user.has_perm(perm, pledge)
    ]


@login_required
def pledge_successor(request, pk, change):
    """Renew or amend a pledge: a page that says what will happen, and its POST makes the
    new draft (services.create_successor)."""
    change = Pledge.Change(change)
    pledge = get_workspace_pledge(request, pk, SUCCESSOR_PERMS[change])
    problem = pledge.successor_problem(change)
    if request.method == "POST" and not problem:
        try:
            new = create_successor(pledge=pledge, change=change, user=request.user)
        except TransitionError as refused:
            problem = str(refused)
        else:
            messages.success(
                request,
                _("Förnyelsen är skapad som utkast.")
                if change == Pledge.Change.RENEWAL
                else _("Ändringen är skapad som utkast. När den undertecknas ersätter den löftet."),
            )
            return redirect("pledges:edit", pk=new.pk)
    return render(
        request,
        "pledges/successor_confirm.html",
        {"pledge": pledge, "change": change, "problem": problem, "workspace_section": "pledges"},
        status=409 if problem and request.method == "POST" else 200,
    )


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
            theirs = differences(form, saved, PledgeForm.Meta.fields)
            form = form_after_conflict(
                PledgeForm, request.POST, conflict.current_revision, instance=Pledge(pk=saved.pk)
            )
            pledge = saved
        except ContentLocked as locked:
            # Approved meanwhile: say so, and keep what was typed on the screen.
            form.add_error(None, str(locked))
            pledge.refresh_from_db()
        else:
            messages.success(request, _("Löftet är sparat."))
            return redirect("pledges:edit", pk=pledge.pk)
    return render(
        request, "pledges/edit.html", editor_context(request, pledge, form=form, theirs=theirs)
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
    context = editor_context(request, pledge, form=form, theirs=[])
    return render(request, "pledges/edit.html", context, status=403)


def differences(form, saved, names):
    """What is saved now where it differs from what was typed: shown beside the form."""
    return [
        (form.fields[name].label, _shown(getattr(saved, name)))
        for name in names
        if getattr(saved, name) != form.cleaned_data.get(name)
    ]


def link_differences(link_formset, saved):
    """The saved links, where they differ from the typed ones (the same box)."""
    links = list(saved.links.select_related("programme_measure__theme"))
    typed = [(pm.pk, primary) for pm, primary in typed_links(link_formset)]
    if typed == [(link.programme_measure_id, link.is_primary) for link in links]:
        return []
    return [(_("Koppling till åtgärdsprogrammet"), saved.link_text or link_line(links))]


def typed_links(link_formset):
    """(programme measure, is primary) in the order typed, the blank rows left out."""
    return [
        (f.cleaned_data["reference"], f.cleaned_data.get("is_primary", False))
        for f in link_formset.forms
        if f.cleaned_data.get("reference") is not None
    ]


def _shown(value):
    return format_number(value) if isinstance(value, Decimal) else value


@login_required
def signatories_edit(request, pk):
    pledge = get_content_pledge(request, pk)
    queryset = pledge.signatories.all()
    board_too = edits_board_part(request, pledge)
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
            revision_form = form_after_conflict(
                RevisionMixin, request.POST, conflict.current_revision
            )
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
    require(request, pledge, PLEDGE_ACTIONS[action].perm)
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
    pledge = get_workspace_pledge(request, pk)
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
