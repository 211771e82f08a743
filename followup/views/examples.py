"""Good examples: a coordinator of the pledge's county marks an accepted measure report
or a published pledge, and withdraws it; the public sees its picture when the actor
agreed to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import (
    get_good_example,
    get_good_example_measure_report,
    get_good_example_pledge,
    get_shown_picture,
)
from ..forms import GoodExampleForm
from ..models import GoodExample, Report


def _mark(request, *, pledge, measure_report=None):
    if measure_report is not None:
        existing = GoodExample.objects.filter(measure_report=measure_report).first()
        refused = (
            _("Bara en godkänd rapport kan bli ett gott exempel.")
            if measure_report.report.status != Report.Status.ACCEPTED or not pledge.is_published
            else ""
        )
    else:
        existing = GoodExample.objects.filter(pledge=pledge).first()
        refused = (
            "" if pledge.is_published else _("Bara ett publicerat löfte kan bli ett gott exempel.")
        )
    form = None
    if not refused:
        form = GoodExampleForm(
            request.POST or None, request.FILES or None, instance=existing or GoodExample()
        )
        if request.method == "POST" and form.is_valid():
            example = form.save(commit=False)
            example.pledge = None if measure_report else pledge
            example.measure_report = measure_report
            if not example.picture_consent:
                example.picture = ""
            if example.marked_by_id is None:
                example.marked_by = request.user
            example.save()
            messages.success(request, _("Det goda exemplet är sparat och visas på startsidan."))
            return redirect("pledges:edit", pk=pledge.pk)
    elif request.method == "POST":
        messages.error(request, refused)
    return render(
        request,
        "followup/good_example_form.html",
        {
            "pledge": pledge,
            "measure_report": measure_report,
            "example": existing,
            "form": form,
            "refused": refused,
            "workspace_section": "pledges",
        },
        status=409 if refused and request.method == "POST" else 200,
    )


@login_required
def mark_pledge(request, pk):
    return _mark(request, pledge=get_good_example_pledge(request, pk))


@login_required
def mark_measure_report(request, pk, mr_pk):
    measure_report = get_good_example_measure_report(request, pk, mr_pk)
    return _mark(request, pledge=measure_report.report.pledge, measure_report=measure_report)


@login_required
@require_POST
def withdraw(request, pk):
    example = get_good_example(request, pk)
    pledge = example.subject_pledge
    if example.picture:
        example.picture.delete(save=False)
    example.delete()
    messages.success(request, _("Det goda exemplet är borttaget."))
    return redirect("pledges:edit", pk=pledge.pk)


def picture(request, pk):
    """The picture, while the example is shown and the actor agreed to it."""
    example = get_shown_picture(pk)
    try:
        file = example.picture.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(file)
    response["Content-Type"] = (
        "image/png" if example.picture.name.endswith(".png") else "image/jpeg"
    )
    return response
