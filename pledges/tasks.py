"""Background tasks of the pledges app: PDFs are rendered by the worker, never in a request."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from actors.faults import pause

from .models import SignedVersion


@task()
def render_signed_pdf(*, version_id: int) -> str:
    """Render a signed version's PDF once, store it and record its SHA-256.

    Run again (its worker died), it renders nothing if the PDF is registered, and
    otherwise writes the one file anew: the file is registered in the same transaction
    as the version's hash, and the storage writes it whole or not at all
    (config/storage.py), so no half-written PDF is ever the registered one."""
    from .pdf import render_pledge_pdf, seal_pdf

    with transaction.atomic():
        version = SignedVersion.objects.select_for_update().get(pk=version_id)
        if version.rendered_at is not None:
            return version.sha256  # signed PDFs are never rendered again
        county = version.content["county"]
        # The SHA-256 is of the stored bytes, seal included: what the actor downloads.
        data = seal_pdf(
            render_pledge_pdf(version), county_code=county["code"], board_name=county["board_name"]
        )
        version.sha256 = hashlib.sha256(data).hexdigest()
        version.pdf_size = len(data)
        version.rendered_at = timezone.now()
        name = f"miljomalslofte-{version.pledge.slug}-{version.code}.pdf"
        stored = version.pdf.field.generate_filename(version, name)
        if version.pdf.storage.exists(stored):
            # Written by a run whose worker died before committing (the row is locked:
            # no live run holds it): replaced, not kept beside a second copy.
            version.pdf.storage.delete(stored)
        version.pdf.save(name, ContentFile(data), save=False)
        pause("signed-pdf-saved")
        version.save()
    return version.sha256


@task()
def send_signing_link(*, signatory_id: int) -> int:
    """E-mail a signatory the one-time link to sign, at the address the county
    confirmed for the party, and only there (the token is made here, in the worker,
    so that it is never stored in the task queue)."""
    from django.urls import reverse

    from actors.links import absolute_url
    from actors.tasks import send_templated_email

    from .links import signing_token
    from .models import Signatory

    signatory = Signatory.objects.select_related("pledge__actor", "pledge__county").get(
        pk=signatory_id
    )
    confirmed = signatory.confirmed_address()
    if signatory.has_signed or confirmed is None:
        return 0
    url = absolute_url(reverse("pledges:sign_link", kwargs={"token": signing_token(signatory)}))
    return send_templated_email.call(
        to=[confirmed.email],
        template="pledges/email/signing_link",
        context={
            "name": signatory.name,
            "pledge": str(signatory.pledge),
            "board": signatory.pledge.county.board_name,
            "url": url,
        },
    )


def preview_name(pledge) -> str:
    """Where a preview is stored: one file per revision, so an edit makes a new one."""
    return f"previews/{pledge.pk}/utkast-{pledge.slug}-r{pledge.revision}.pdf"


@task()
def render_preview(*, pledge_id: int, revision: int) -> str:
    """Render a draft's watermarked preview for the revision it was asked for."""
    from django.core.files.storage import default_storage

    from .models import Pledge
    from .pdf import render_preview_pdf

    pledge = Pledge.objects.select_related("county", "actor").filter(pk=pledge_id).first()
    if pledge is None or pledge.revision != revision:
        return ""  # edited since: the next request asks for the new revision
    name = preview_name(pledge)
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(render_preview_pdf(pledge)))
    return name
