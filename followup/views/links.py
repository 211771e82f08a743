"""One-time links that open a report without an account.

Opening a link shows a page with a button; only the button (a POST) spends the
link. The link scanners of mail servers fetch every link in a message, and a
link spent by a GET would be used up before the representative ever clicked it
(actors/links.py and pledges/views/signing.py do the same).

Spending a link grants the browser's session that one report
(`request.session["followup_reports"]`: report id → the link's address); the
form is then `/rapportera/rapport/<id>/`. Any other report there is a 404.

A link, and the right it granted, lasts only while its address belongs to one of
the actor's representatives: someone who has left the organisation keeps the
e-mail but not the report.
"""

import datetime

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from actors.throttling import first_request_in
from actors.uploads import upload_limit

from ..access import get_link_report, grant, granted_email, revoke
from ..lateness import may_chase
from ..models import Report, ReportLink
from ..representatives import is_representative
from .reports import REPORT_UPLOAD_MAX_BYTES, link_reporter, report_page

# However often a spent link's page is asked, one new link per address and report
# in this time: the page must not be a way to flood someone's inbox.
NEW_LINK_INTERVAL = datetime.timedelta(minutes=15)


def masked(email: str) -> str:
    """ "a…@example.org": enough to recognise one's own address, not to learn someone's."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}…@{domain}"


def report_link(request, token):
    """The page an e-mailed link opens; its button spends the link."""
    link = ReportLink.objects.select_related("report__round", "report__pledge__actor").for_token(
        token
    )
    if link is None:
        return render(request, "followup/link_invalid.html", status=404)
    if not is_representative(link.report.pledge.actor_id, link.email):
        # Sent to someone who no longer represents the actor.
        revoke(request, link.report_id)
        return render(request, "followup/link_invalid.html", status=410)
    if link.used_at is not None:
        if granted_email(request, link.report_id) is not None:
            # The same browser again (a reload, the link clicked twice): carry on.
            return redirect("followup:report_via_link", pk=link.report_id)
        return _spent(request, link, "followup/link_used.html", token)
    if link.is_expired:
        return _spent(request, link, "followup/link_expired.html", token)
    if request.method == "POST":
        if not link.use():
            link.refresh_from_db()
            return _spent(
                request,
                link,
                "followup/link_used.html" if link.used_at else "followup/link_expired.html",
                token,
            )
        grant(request, link.report, link.email)
        return redirect("followup:report_via_link", pk=link.report_id)
    return render(request, "followup/link_open.html", {"link": link, "report": link.report})


def _spent(request, link, template, token):
    context = {
        "link": link,
        "report": link.report,
        "masked_email": masked(link.email),
        "token": token,
        # A submitted report, or a closed round, is sent no new link: do not offer one.
        "may_renew": may_chase(link.report, timezone.localdate()),
    }
    return render(request, template, context, status=410)


@require_POST
def link_renew(request, token):
    """A new link to the same report, to the address the spent or expired one went to,
    if that address still belongs to one of the actor's representatives."""
    from ..tasks import send_report_link

    link = ReportLink.objects.for_token(token)
    if link is None:
        return render(request, "followup/link_invalid.html", status=404)
    report = Report.objects.select_related("pledge", "round").get(pk=link.report_id)
    recent = ReportLink.objects.filter(
        report=report,
        email__iexact=link.email,
        created_at__gt=max(link.created_at, timezone.now() - NEW_LINK_INTERVAL),
    ).exists()
    if (
        not recent
        and may_chase(report, timezone.localdate())
        and is_representative(report.pledge.actor_id, link.email)
        # Last, and atomic: until the worker has sent it, no newer link says one was.
        and first_request_in(
            f"report-link:{report.pk}:{link.email.lower()}",
            int(NEW_LINK_INTERVAL.total_seconds()),
        )
    ):
        send_report_link.enqueue(report_id=report.pk, email=link.email)
    # The same answer whatever happened: the page says nothing about who represents whom.
    return render(
        request, "followup/link_sent.html", {"masked_email": masked(link.email), "report": report}
    )


@upload_limit(REPORT_UPLOAD_MAX_BYTES)
def report_via_link(request, pk):
    """The report form for a browser a one-time link granted this report."""
    report, email = get_link_report(request, pk)
    return report_page(request, report, link_reporter(report, email))
