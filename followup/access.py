"""Who reaches which round and report: one helper per use returns the object or raises
404 (out of reach) or 403 (in reach, not allowed that way).

- a county's follow-up as a whole (its dashboard and its extract): its coordinators
  and the national administrator;
- a round and a report under review: the coordinators of the round's county
  (`Round.objects.managed_by(user)`);
- a report to fill in: the county's coordinators and the actor's members
  (`Report.objects.visible_to(user)`, then the workspace's rule), or a browser a
  one-time link granted it.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from actors.access import managed_county, require
from actors.models import County
from pledges.models import MeasureLink

from .models import MeasureReport, Report, Round
from .representatives import is_representative


def get_followup_county(request, slug) -> County:
    """The county whose follow-up across all rounds (its dashboard, tables and extract)
    the user reads: to its coordinators and the national administrator; 404 to everyone
    else (the views ask for a coordinator first: anyone else is refused before this)."""
    return managed_county(request, slug)


def get_round(request, pk) -> Round:
    """The round, to a coordinator of its county; 404 to everyone else."""
    return get_object_or_404(Round.objects.managed_by(request.user).select_related("county"), pk=pk)


def get_review_report(request, pk) -> Report:
    """A report for its reviewer: a coordinator of the round's county; 404 otherwise."""
    reviewable = Report.objects.filter(round__in=Round.objects.managed_by(request.user))
    return get_object_or_404(
        reviewable.select_related("round__county", "pledge__actor").prefetch_related(
            "pledge__measures",
            Prefetch(
                "measure_reports",
                queryset=MeasureReport.objects.select_related("measure").prefetch_related(
                    Prefetch(
                        "measure__links",
                        queryset=MeasureLink.objects.select_related("programme_measure__theme"),
                    )
                ),
            ),
        ),
        pk=pk,
    )


def get_workspace_report(request, pk, perm=None) -> Report:
    """The access helper of the report form: a report the user may not read is a 404;
    one they read but do not work on (another's published report) is a 404 here too;
    one they work on but may not act on that way (`perm`) is a 403."""
    report = _report_worked_on(request, Report.objects.for_report_page(), pk)
    if report is None:
        raise Http404
    require(request, report, perm)
    return report


def _report_worked_on(request, reports, pk) -> Report | None:
    """Report `pk` of `reports`, if the user works on it: its county's coordinators and
    its actor's members."""
    report = reports.visible_to(request.user).filter(pk=pk).first()
    if report is None or not request.user.has_perm("followup.view_report_workspace", report):
        return None
    return report


# A browser reaches a report through a one-time link: spending the link grants its
# session that report (report id -> the link's address), while the address belongs
# to one of the actor's representatives (see views/links.py).
SESSION_KEY = "followup_reports"


def grant(request, report, email) -> None:
    granted = dict(request.session.get(SESSION_KEY, {}))
    # A new session key for the new right: a session id planted earlier is worth nothing.
    request.session.cycle_key()
    granted[str(report.pk)] = email
    request.session[SESSION_KEY] = granted


def granted_email(request, pk) -> str | None:
    return request.session.get(SESSION_KEY, {}).get(str(pk))


def revoke(request, pk) -> None:
    granted = dict(request.session.get(SESSION_KEY, {}))
    if granted.pop(str(pk), None) is not None:
        request.session[SESSION_KEY] = granted


def representative_email(request, pk, actor_id=None) -> str | None:
    """The address a link granted report `pk` to this browser, if it still belongs to
    one of the actor's representatives. If it no longer does, the grant is dropped."""
    email = granted_email(request, pk)
    if email is None:
        return None
    if actor_id is None:
        actor_id = Report.objects.filter(pk=pk).values_list("pledge__actor_id", flat=True).first()
    if actor_id is None or not is_representative(actor_id, email):
        revoke(request, pk)
        return None
    return email


def get_link_report(request, pk) -> tuple[Report, str]:
    """A report for the browser a one-time link granted it, with the link's address;
    404 if no link did, or its address no longer belongs to a representative."""
    if granted_email(request, pk) is None:
        raise Http404
    report = Report.objects.for_report_page().filter(pk=pk).first()
    if report is None:
        raise Http404
    email = representative_email(request, pk, report.pledge.actor_id)
    if email is None:
        raise Http404
    return report, email


def get_evidence(request, pk, mr_pk) -> MeasureReport:
    """A measure report of report `pk` with its evidence file, to those who reach the
    report: its county's coordinators and its actor's members, or a browser a link
    granted it (while the address belongs to a representative). 404 to anyone else:
    a link whose right has lapsed is a 404, as it is for the report form."""
    allowed = (
        granted_email(request, pk) is not None and representative_email(request, pk) is not None
    ) or (
        request.user.is_authenticated
        and _report_worked_on(request, Report.objects.select_related("round", "pledge__actor"), pk)
        is not None
    )
    if not allowed:
        raise Http404
    mr = MeasureReport.objects.filter(pk=mr_pk, report_id=pk).exclude(evidence_file="").first()
    if mr is None:
        raise Http404
    return mr


# Good examples: the pledge's county's coordinators mark and withdraw them.


def get_good_example_pledge(request, pk):
    """A pledge to mark as a good example: 404 out of reach, 403 to its other people."""
    from pledges.access import get_workspace_pledge

    return get_workspace_pledge(request, pk, "followup.mark_good_example")


def get_good_example_measure_report(request, pk, mr_pk) -> MeasureReport:
    """A measure report of pledge `pk` to mark as a good example; as the pledge."""
    pledge = get_good_example_pledge(request, pk)
    return get_object_or_404(
        MeasureReport.objects.select_related("measure", "report__round", "report__pledge"),
        pk=mr_pk,
        report__pledge=pledge,
    )


def get_good_example(request, pk):
    """A good example to withdraw: as its pledge."""
    from .models import GoodExample

    example = get_object_or_404(
        GoodExample.objects.select_related("pledge", "measure_report__report__pledge"), pk=pk
    )
    get_good_example_pledge(request, example.subject_pledge.pk)
    return example


def get_shown_picture(pk):
    """The picture of a good example the public sees, shown with consent; else 404."""
    from .models import GoodExample

    example = get_object_or_404(GoodExample.objects.shown(), pk=pk)
    if not example.shows_picture:
        raise Http404
    return example
