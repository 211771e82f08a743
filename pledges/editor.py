"""The workspace and the pledge editor: where coordinators and actors work."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from actors.models import Actor
from actors.reference import municipality_names

from .forms import WorkspaceFilterForm
from .models import Pledge

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

    attention = (
        mine.filter(status__in=[Pledge.Status.IN_REVIEW, Pledge.Status.APPROVED])
        .select_related("actor", "county")
        .annotate(
            unsigned=Count("signatories", filter=Q(signatories__signed_at__isnull=True)),
        )
        .order_by("status", "actor__name")
    )
    status_counts = dict(mine.values_list("status").annotate(n=Count("pk")).order_by())
    return render(
        request,
        "pledges/workspace.html",
        {
            "workspace_section": "pledges",
            "filters": filters,
            "page": page,
            "attention": attention,
            "status_counts": [
                (value, label, status_counts.get(value, 0))
                for value, label in Pledge.Status.choices
            ],
            "creatable_actors": Actor.objects.workspace_of(user).exists(),
        },
    )
