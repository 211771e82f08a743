"""The signed-in user's start: their pledges by status, and what needs doing."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, When
from django.shortcuts import render

from actors.models import Actor
from actors.rules import reach

from ..filters import WorkspaceFilterSet
from ..models import (
    Pledge,
    Signatory,
)

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
    filters = WorkspaceFilterSet(
        request.GET or None,
        queryset=mine.for_listing().order_by("status", "actor__name", "-start_year"),
        municipalities=codes,
    )
    page = Paginator(filters.qs, WORKSPACE_PAGE_SIZE).get_page(request.GET.get("sida"))

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
            "filters": filters.form,
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
