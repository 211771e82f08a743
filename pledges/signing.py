"""Signing a pledge, three ways, and checking a signed PDF.

- In the portal: a signed-in person whose e-mail is the signatory's.
- Through a one-time link e-mailed to the signatory (no account needed).
- On paper: the coordinator records the wet-ink signature with the scanned page.

The last signature freezes the pledge (services.pledge_sign); its PDF is then
rendered by a background task. Anyone can check a PDF on /verifiera/<code>/.
"""

import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .editor import get_workspace_pledge
from .fields import DateInput
from .models import Pledge, Signatory, SignedVersion, TransitionError
from .services import pledge_sign
from .views import get_published_pledge, pledge_document_context

LINK_SALT = "pledges.signing-link"
LINK_MAX_AGE = 30 * 24 * 60 * 60  # a month: signatories are busy people
SCAN_TYPES = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}
SCAN_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = 20 * 1024 * 1024


def signing_token(signatory: Signatory) -> str:
    """A link for one signatory and the text as approved: a pledge sent back to draft
    and approved again has a new revision, and the old links stop working."""
    return signing.dumps([signatory.pk, signatory.pledge.revision], salt=LINK_SALT)


def signatory_from_token(token: str) -> Signatory | None:
    try:
        pk, revision = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return (
        Signatory.objects.select_related("pledge__county", "pledge__actor")
        .filter(pk=pk, pledge__revision=revision)
        .first()
    )


def _sign(request, pledge, signatory, method, scan=None, at=None):
    try:
        version = pledge_sign(
            pledge=pledge,
            signatory=signatory,
            user=request.user if request.user.is_authenticated else None,
            method=method,
            scan=scan,
            at=at,
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
@require_POST
def sign_in_portal(request, pk, signatory_pk):
    pledge = get_workspace_pledge(request, pk)
    signatory = get_object_or_404(pledge.signatories, pk=signatory_pk)
    if not request.user.has_perm("pledges.sign_as", signatory):
        raise PermissionDenied
    _sign(request, pledge, signatory, Signatory.Method.PORTAL)
    return redirect("pledges:edit", pk=pledge.pk)


def sign_by_link(request, token):
    """The page the e-mailed link opens: the whole text and a "Jag undertecknar" button.
    Opening it changes nothing (a link scanner may fetch it); only the button signs."""
    signatory = signatory_from_token(token)
    if signatory is None or not (
        signatory.has_signed or signatory.pledge.status == Pledge.Status.APPROVED
    ):
        return render(request, "pledges/sign_link_invalid.html", status=410)
    pledge = signatory.pledge
    if (
        request.method == "POST"
        and not signatory.has_signed
        and _sign(request, pledge, signatory, Signatory.Method.LINK)
    ):
        signatory.refresh_from_db()
        pledge.refresh_from_db()
    context = pledge_document_context(pledge)
    context.update(signatory=signatory, token=token)
    return render(request, "pledges/sign_link.html", context)


class WetInkForm(forms.Form):
    signed_on = forms.DateField(
        label=gettext_lazy("Undertecknat den"),
        widget=DateInput,
    )
    scan = forms.FileField(
        label=gettext_lazy("Inskannad sida med underskriften"),
        help_text=gettext_lazy("PDF, PNG eller JPEG, högst 10 MB."),
    )

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Datumet kan inte ligga i framtiden."))
        return day

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        suffix = "." + scan.name.rsplit(".", 1)[-1].lower() if "." in scan.name else ""
        magic = SCAN_TYPES.get(suffix)
        if magic is None:
            raise forms.ValidationError(_("Skicka en PDF, PNG eller JPEG."))
        if scan.size > SCAN_MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 10 MB."))
        head = scan.read(len(magic))
        scan.seek(0)
        if head != magic:
            raise forms.ValidationError(
                _("Filen är inte en riktig %(type)s.") % {"type": suffix[1:].upper()}
            )
        return scan


@login_required
def record_wet_ink(request, pk, signatory_pk):
    pledge = get_workspace_pledge(request, pk, "pledges.record_signature")
    signatory = get_object_or_404(pledge.signatories, pk=signatory_pk)
    form = WetInkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        at = timezone.make_aware(
            timezone.datetime.combine(form.cleaned_data["signed_on"], timezone.datetime.min.time())
        ).replace(hour=12)
        if _sign(request, pledge, signatory, Signatory.Method.WET_INK,
                 scan=form.cleaned_data["scan"], at=at):  # fmt: skip
            return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#signatories")
    return render(
        request,
        "pledges/wet_ink_form.html",
        {"pledge": pledge, "signatory": signatory, "form": form, "workspace_section": "pledges"},
    )


@login_required
@require_POST
def send_signing_links(request, pk):
    from .tasks import send_signing_link

    pledge = get_workspace_pledge(request, pk, "pledges.record_signature")
    waiting = pledge.signatories.filter(signed_at__isnull=True).exclude(email="")
    for signatory in waiting:
        # The token is made inside the task: nothing secret is stored in the queue.
        send_signing_link.enqueue(signatory_id=signatory.pk)
    messages.success(
        request,
        _("Länkar skickas till %(n)s undertecknare.") % {"n": len(waiting)},
    )
    return redirect(reverse("pledges:edit", args=[pledge.pk]) + "#signatories")


def signed_pdf(request, slug):
    """The signed PDF of a published pledge, as it was registered."""
    pledge = get_published_pledge(slug)
    version = SignedVersion.objects.filter(pledge=pledge, rendered_at__isnull=False).first()
    if version is None:
        raise Http404(_("PDF:en skapas just nu. Försök igen om en stund."))
    return FileResponse(
        version.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"miljomalslofte-{pledge.slug}.pdf",
    )


class VerifyForm(forms.Form):
    pdf = forms.FileField(
        label=gettext_lazy("PDF att kontrollera"),
        help_text=gettext_lazy(
            "Filen skickas till portalen bara för att räkna ut dess kontrollsumma."
        ),
    )

    def clean_pdf(self):
        upload = self.cleaned_data["pdf"]
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("Filen är större än 20 MB."))
        return upload


def verify(request, code):
    """Is this PDF the registered one? The code printed on it leads here."""
    version = get_object_or_404(
        SignedVersion.objects.select_related("pledge__actor", "pledge__county"),
        code=code.upper(),
        pledge__status__in=Pledge.PUBLISHED_STATUSES,
    )
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
            "signatories": version.content["signatories"],
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

    from .tasks import preview_name, render_preview

    pledge = get_workspace_pledge(request, pk)
    if pledge.is_published or pledge.status == Pledge.Status.WITHDRAWN:
        raise Http404
    name = preview_name(pledge)
    if default_storage.exists(name):
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
