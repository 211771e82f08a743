"""Signing a pledge, three ways, and checking a signed PDF.

- In the portal: the signed-in person whose address the county's coordinator has
  confirmed for the party (the actor's signatory membership, the county's governor).
- Through a one-time link e-mailed to that confirmed address (no account needed).
- On paper: the coordinator records the wet-ink signature with the scanned page.

Nobody signs for a party they only edit. The last signature freezes the pledge
(services.pledge_sign); its PDF is then rendered by a background task. Anyone can
check a PDF on /verifiera/<code>/.
"""

import contextlib
import hashlib
import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_POST

from actors.uploads import upload_limit

from ..access import (
    get_published_pledge,
    get_published_version,
    get_signature_scan,
    get_signing_signatory,
    get_wet_ink_signatory,
    get_workspace_pledge,
)
from ..exceptions import TransitionError
from ..files import extension
from ..forms import KEPT_SCAN_SALT, SCAN_MAX_BYTES, UPLOAD_MAX_BYTES, VerifyForm, WetInkForm
from ..links import signing_link
from ..models import Pledge, Signatory, SignedVersion, signature_scan_upload_to
from ..services import pledge_sign
from ..text import signing_record
from .public import pledge_document_context

SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def _sign(request, pledge, signatory, method, **details):
    try:
        version = pledge_sign(
            pledge=pledge,
            signatory=signatory,
            user=request.user if request.user.is_authenticated else None,
            method=method,
            **details,
        )
    except TransitionError as refused:
        messages.error(request, str(refused))
        return False
    if version is not None:
        messages.success(
            request,
            _("Alla har undertecknat: löftet är undertecknat och dess PDF skapas nu."),
        )
    else:
        messages.success(request, _("Underskriften är registrerad."))
    return True


@login_required
def sign_in_portal(request, pk, signatory_pk):
    """The text and a "Jag undertecknar" button, for the person the county confirmed
    for the party (the governor reaches it from the workspace, without the editor)."""
    signatory = get_signing_signatory(request, pk, signatory_pk)
    pledge = signatory.pledge
    if request.method == "POST":
        _sign(request, pledge, signatory, Signatory.Method.PORTAL)
        if request.user.has_perm("pledges.view_pledge_workspace", pledge):
            return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#signatories")
        return redirect("workspace")  # the governor: the pledge is not in their workspace
    context = pledge_document_context(pledge)
    context.update(signatory=signatory)
    return render(request, "pledges/sign_link.html", context)


def sign_by_link(request, token):
    """The page the e-mailed link opens: the whole text and a "Jag undertecknar" button.
    Opening it changes nothing (a link scanner may fetch it); only the button signs."""
    link = signing_link(token)
    signatory = link[0] if link else None
    if signatory is None or not (
        signatory.has_signed or signatory.pledge.status == Pledge.Status.APPROVED
    ):
        return render(request, "pledges/sign_link_invalid.html", status=410)
    pledge = signatory.pledge
    if (
        request.method == "POST"
        and not signatory.has_signed
        and _sign(request, pledge, signatory, Signatory.Method.LINK, link_address=link[1])
    ):
        signatory.refresh_from_db()
        pledge.refresh_from_db()
    context = pledge_document_context(pledge)
    context.update(signatory=signatory, token=token)
    return render(request, "pledges/sign_link.html", context)


def _store_scan(upload) -> str:
    """Save a checked scan under its random name; returns that name."""
    return default_storage.save(signature_scan_upload_to(None, upload.name), upload)


def _kept_scan(form, upload) -> dict | None:
    """The scan this submission carries: a new upload that passed its checks (stored at
    once, so that a date to correct does not make the person choose it again), else the
    one kept from before."""
    if upload:
        return {
            "signatory": form.signatory.pk,
            "user": form.user.pk,
            "name": _store_scan(upload),
            "filename": posixpath.basename(upload.name),
        }
    return form.cleaned_data.get("kept_scan")


@upload_limit(SCAN_MAX_BYTES)
@login_required
def record_wet_ink(request, pk, signatory_pk):
    signatory = get_wet_ink_signatory(request, pk, signatory_pk)
    pledge = signatory.pledge
    form = WetInkForm(
        request.POST or None,
        request.FILES or None,
        pledge=pledge,
        signatory=signatory,
        user=request.user,
    )
    kept = None
    if request.method == "POST":
        valid = form.is_valid()
        kept = _kept_scan(form, form.cleaned_data.get("scan"))
        if (
            valid
            and kept
            and _sign(
                request,
                pledge,
                signatory,
                Signatory.Method.WET_INK,
                scan=kept["name"],
                signed_on=form.cleaned_data["signed_on"],
            )
        ):
            return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#signatories")
    return render(
        request,
        "pledges/wet_ink_form.html",
        {
            "pledge": pledge,
            "signatory": signatory,
            "form": form,
            "kept": kept,
            "kept_token": signing.dumps(kept, salt=KEPT_SCAN_SALT) if kept else "",
            "workspace_section": "pledges",
        },
    )


@login_required
@require_POST
def send_signing_links(request, pk):
    from ..tasks import send_signing_link

    pledge = get_workspace_pledge(request, pk, "pledges.record_signature")
    addresses = pledge.confirmed_addresses()
    waiting = list(pledge.signatories.filter(signed_at__isnull=True))
    confirmed = [s for s in waiting if s.confirmed_address(addresses) is not None]
    for signatory in confirmed:
        # The token is made inside the task: nothing secret is stored in the queue.
        send_signing_link.enqueue(signatory_id=signatory.pk)
    messages.success(
        request,
        _("Länkar skickas till %(n)s undertecknare.") % {"n": len(confirmed)},
    )
    unconfirmed = [s for s in waiting if s not in confirmed]
    if unconfirmed:
        messages.warning(
            request,
            _(
                "Ingen länk till %(names)s: länkar skickas bara till adresser som "
                "länsstyrelsen har bekräftat."
            )
            % {"names": ", ".join(s.name for s in unconfirmed)},
        )
    return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#signatories")


@login_required
def signature_scan(request, pk, event_pk):
    """The scan of a paper signature, current or cleared by a return to draft, to the
    county's coordinators and the actor's editors; a 404 to everyone else."""
    event = get_signature_scan(request, pk, event_pk)
    pledge = event.pledge
    try:
        file = event.scan.open("rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404 from missing
    ext = extension(event.scan.name)
    day = event.signed_on or event.at.date()
    return FileResponse(
        file,
        # An attachment, never shown inline on the portal's own origin.
        as_attachment=True,
        filename=f"underskrift-{pledge.slug}-{day.isoformat()}-{event.pk}.{ext}",
        content_type=SCAN_CONTENT_TYPES.get("jpg" if ext == "jpeg" else ext),
    )


def _rendered_version(request, slug):
    """The published pledge's rendered signed version (or None), read once per request
    for the validators and the view."""
    if not hasattr(request, "_rendered_version"):
        request._rendered_version = (
            SignedVersion.objects.published()
            .filter(pledge__slug=slug, rendered_at__isnull=False)
            .select_related("pledge")
            .first()
        )
    return request._rendered_version


def _pdf_etag(request, slug):
    version = _rendered_version(request, slug)
    return version.sha256 if version is not None else None


def _pdf_last_modified(request, slug):
    version = _rendered_version(request, slug)
    return version.rendered_at if version is not None else None


# A signed PDF never changes: its SHA-256 is its ETag, its rendering its Last-Modified,
# and a browser that has it is answered 304 after one query. Withdrawn, it is a 404.
@condition(etag_func=_pdf_etag, last_modified_func=_pdf_last_modified)
def signed_pdf(request, slug):
    """The signed PDF of a published pledge, as it was registered."""
    version = _rendered_version(request, slug)
    if version is None:
        get_published_pledge(slug)  # 404 for a pledge nobody may read
        raise Http404(_("PDF:en skapas just nu. Försök igen om en stund."))
    try:
        file = version.pdf.open("rb")  # streamed from the storage, never redirected to it
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        file,
        content_type="application/pdf",
        filename=f"miljomalslofte-{version.pledge.slug}.pdf",
    )
    # Anybody's, but asked after each time: a withdrawn pledge's PDF is gone at once.
    patch_cache_control(response, public=True, no_cache=True)
    return response


@upload_limit(UPLOAD_MAX_BYTES)
def verify(request, code):
    """Is this PDF the registered one? The code printed on it leads here."""
    version = get_published_version(code)
    form = VerifyForm(request.POST or None, request.FILES or None)
    matches = None
    if request.method == "POST" and form.is_valid():
        digest = hashlib.sha256()
        for chunk in form.cleaned_data["pdf"].chunks():
            digest.update(chunk)
        matches = bool(version.sha256) and digest.hexdigest() == version.sha256
    return render(
        request,
        "pledges/verify.html",
        {
            "version": version,
            "pledge": version.pledge,
            "county": version.pledge.county,
            "signatories": [
                {**s, "record": signing_record(s)} for s in version.content["signatories"]
            ],
            "form": form,
            "matches": matches,
        },
    )


@login_required
def preview_pdf(request, pk):
    """The draft as a PDF, watermarked UTKAST, for the people working on it.

    Rendered by the worker, not in the request: the first visit queues it and
    says so; the file is served once it is there."""
    from django.core.files.storage import default_storage

    from ..tasks import preview_name, render_preview

    pledge = get_workspace_pledge(request, pk)
    if pledge.is_published or pledge.status == Pledge.Status.WITHDRAWN:
        raise Http404
    name = preview_name(pledge)
    # Opened at once (no exists() first: one round trip on S3, and no file gone between).
    with contextlib.suppress(FileNotFoundError):
        return FileResponse(
            default_storage.open(name, "rb"),
            content_type="application/pdf",
            filename=f"utkast-{pledge.slug}.pdf",
        )
    render_preview.enqueue(pledge_id=pledge.pk, revision=pledge.revision)
    if default_storage.exists(name):  # a worker in the same process (tests, trying out)
        return redirect("pledges:preview_pdf", pk=pledge.pk)
    return render(
        request,
        "pledges/preview_pending.html",
        {"pledge": pledge, "workspace_section": "pledges"},
        status=202,
    )
