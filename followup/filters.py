"""What follow-up adds to the pledge lists' filters (pledges/filters.py, add_filter):
the latest accepted follow-up status, which pledges may not compute itself."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from pledges.models import Measure, Party

from . import dashboard
from .models import MeasureReport


def latest_status_choices():
    return [
        *MeasureReport.Status.choices,
        (dashboard.NOT_REPORTED, _("Ingen godkänd uppföljning ännu")),
    ]


class LatestFollowupFilter(django_filters.ChoiceFilter):
    """Pledges with at least one of the actor's measures whose latest accepted status
    (followup.dashboard.latest_accepted, the dashboard's definition) is the one chosen;
    "none": pledges none of whose actor's measures has an accepted status yet. An
    EXISTS, so that a pledge is listed once."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Senaste uppföljning"))
        kwargs.setdefault(
            "help_text",
            _(
                "Löften där minst en av aktörens åtgärder har den statusen i den senast "
                "godkända uppföljningen"
            ),
        )
        kwargs.setdefault("choices", latest_status_choices)
        kwargs.setdefault("empty_label", _("Alla"))
        super().__init__(**kwargs)

    def filter(self, pledges, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return pledges
        latest = (
            dashboard.latest_accepted(
                dashboard.Filters(), Measure.objects.filter(party=Party.ACTOR)
            )
            .filter(measure__pledge=OuterRef("pk"))
            .exclude(status="")
        )
        if value == dashboard.NOT_REPORTED:
            return pledges.filter(~Exists(latest))
        return pledges.filter(Exists(latest.filter(status=value)))


def register() -> None:
    """Add the filter to the public list (followup's AppConfig.ready)."""
    from pledges.filters import PublicPledgeFilterSet, add_filter

    add_filter(PublicPledgeFilterSet, "followup", LatestFollowupFilter())
