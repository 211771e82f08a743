"""The pledge lists' filters: one django-filter FilterSet per list, shared by the
page, the coordinator's workspace and (later) the API, so that a filter means
the same everywhere and is kept in the URL under the same name.

Every filter that looks into the measures is an EXISTS, never a join: a pledge
is listed once however many of its measures match, and the paginator's count is
one query.

Not here: the latest follow-up status. It is follow-up's concept, and pledges
never imports followup (DESIGN.md: followup → pledges → actors); followup adds it to
the public list's filters when it is ready (`add_filter`, followup/filters.py).
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from actors.models import Actor, County
from actors.reference import municipality_names
from actors.search import SearchField

from .fields import YearField
from .forms import PledgeListFilterForm, WorkspaceFilterForm
from .models import (
    EnvironmentalObjective,
    GlobalGoal,
    MeasureLink,
    Pledge,
    ProgrammeMeasure,
    Theme,
)


class SearchFilter(django_filters.CharFilter):
    """A free-text search, cut by actors.search (never refused)."""

    field_class = SearchField


class YearFilter(django_filters.NumberFilter):
    field_class = YearField


class FlagFilter(django_filters.Filter):
    """On when present (`published=1`), ignored otherwise."""

    field_class = forms.BooleanField


class LabelledModelChoiceField(forms.ModelChoiceField):
    """A model choice whose options are labelled by `label_of(obj)`."""

    def __init__(self, *args, label_of=str, **kwargs):
        self.label_of = label_of
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self.label_of(obj)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = LabelledModelChoiceField


def _theme_label(theme):
    return f"{theme.programme.county.name}: {theme.name}"


def _programme_measure_label(measure):
    title = measure.title if len(measure.title) <= 80 else measure.title[:79] + "…"
    return f"{measure.theme.programme.county.name}: {measure.number} {title}".strip()


def _linked(**conditions):
    """EXISTS a link of one of the outer pledge's measures meeting `conditions`."""
    return Exists(MeasureLink.objects.filter(measure__pledge=OuterRef("pk"), **conditions))


class PledgeFilterSet(django_filters.FilterSet):
    """The filters every pledge list has. A subclass chooses which it shows."""

    q = SearchFilter(
        label=_("Sök"),
        method="filter_search",
        help_text=_("Ord ur aktörens namn, presentationen eller åtgärderna"),
    )
    county = ModelChoiceFilter(
        label=_("Län"),
        queryset=County.objects.all(),
        to_field_name="slug",
        empty_label=_("Alla län"),
    )
    theme = ModelChoiceFilter(
        label=_("Tema"),
        queryset=Theme.objects.select_related("programme__county"),
        method="filter_theme",
        empty_label=_("Alla teman"),
        label_of=_theme_label,
    )
    programme_measure = ModelChoiceFilter(
        label=_("Åtgärd i åtgärdsprogrammet"),
        queryset=ProgrammeMeasure.objects.select_related("theme__programme__county"),
        method="filter_programme_measure",
        empty_label=_("Alla åtgärder"),
        label_of=_programme_measure_label,
    )
    objective = ModelChoiceFilter(
        label=_("Miljökvalitetsmål"),
        queryset=EnvironmentalObjective.objects.all(),
        to_field_name="number",
        method="filter_objective",
        empty_label=_("Alla miljömål"),
    )
    goal = ModelChoiceFilter(
        label=_("Globalt mål"),
        queryset=GlobalGoal.objects.all(),
        to_field_name="number",
        method="filter_goal",
        empty_label=_("Alla globala mål"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ av aktör"),
        field_name="actor__kind",
        choices=Actor.Kind.choices,
        empty_label=_("Alla"),
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Kommun"), field_name="actor__municipality", choices=[], empty_label=_("Alla")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Pledge.Status.choices, empty_label=_("Alla")
    )
    year = YearFilter(label=_("Pågår år"), method="filter_year")

    def __init__(self, data=None, queryset=None, *, municipalities=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # The filters are copies of the class's, and a copy keeps the form field the
        # class's filter made when first asked for it (drf-spectacular asks, writing the
        # API's schema): made again here, so that the choices set below hold.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)
        if "municipality" in self.filters:
            if municipalities is None:
                municipalities = self.municipality_codes()
            names = municipality_names()
            self.filters["municipality"].extra["choices"] = [
                (code, names.get(code, code)) for code in municipalities
            ]

    def municipality_codes(self):
        """The municipalities the list's actors are in (one query, when the form is made)."""
        return (
            Actor.objects.filter(pk__in=self.queryset.order_by().values("actor_id"))
            .exclude(municipality="")
            .values_list("municipality", flat=True)
            .distinct()
            .order_by("municipality")
        )

    def filter_search(self, pledges, name, value):
        return pledges.search(value)

    def filter_theme(self, pledges, name, value):
        return pledges.filter(_linked(programme_measure__theme=value))

    def filter_programme_measure(self, pledges, name, value):
        return pledges.filter(_linked(programme_measure=value))

    def filter_objective(self, pledges, name, value):
        return pledges.filter(_linked(programme_measure__objectives=value))

    def filter_goal(self, pledges, name, value):
        return pledges.filter(_linked(programme_measure__global_goals=value))

    def filter_year(self, pledges, name, value):
        return pledges.filter(start_year__lte=value, end_year__gte=value)

    @property
    def search(self) -> str:
        """The search the list was filtered by, as it was applied."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        return self.form.cleaned_data.get("q") or ""

    @property
    def narrowed_count(self) -> int:
        """How many filters besides the search hold and are applied."""
        if not self.is_bound:
            return 0
        self.form.is_valid()  # cleaned_data keeps the fields that hold
        return sum(
            1
            for name, value in self.form.cleaned_data.items()
            if name != "q" and value not in (None, "", False)
        )


class PublicPledgeFilterSet(PledgeFilterSet):
    """The public list (`/lofte/`): its `queryset` must be published pledges only;
    its choices offer only what published pledges serve."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(s.value, s.label) for s in Pledge.PUBLISHED_STATUSES],
        empty_label=_("Alla"),
    )

    class Meta:
        form = PledgeListFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        published = Pledge.PUBLISHED_STATUSES
        self.filters["county"].queryset = County.objects.filter(
            pk__in=Pledge.objects.filter(status__in=published).values("county")
        )
        linked = MeasureLink.objects.filter(measure__pledge__status__in=published)
        self.filters["theme"].queryset = Theme.objects.select_related("programme__county").filter(
            pk__in=linked.values("programme_measure__theme")
        )
        self.filters["programme_measure"].queryset = ProgrammeMeasure.objects.select_related(
            "theme__programme__county"
        ).filter(pk__in=linked.values("programme_measure"))


class WorkspaceFilterSet(PledgeFilterSet):
    """The workspace's list: the user's pledges. The hidden filters are set by the
    dashboard's links (followup/views/dashboard.py), so that each of its figures opens
    the pledges it counts."""

    county = ModelChoiceFilter(
        label=_("Län"),
        queryset=County.objects.all(),
        to_field_name="slug",
        widget=forms.HiddenInput,
    )
    start = YearFilter(label=_("Startår"), field_name="start_year", widget=forms.HiddenInput)
    end = YearFilter(label=_("Slutår"), field_name="end_year", widget=forms.HiddenInput)
    signed = YearFilter(
        label=_("Undertecknat år"), field_name="signed_at__year", widget=forms.HiddenInput
    )
    theme = ModelChoiceFilter(
        label=_("Tema"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        widget=forms.HiddenInput,
    )
    published = FlagFilter(
        label=_("Bara undertecknade och avslutade"),
        method="filter_published",
        widget=forms.HiddenInput,
    )
    # The programme's own filters are the public list's; the workspace has the
    # dashboard for them.
    programme_measure = None
    objective = None
    goal = None

    class Meta:
        form = WorkspaceFilterForm

    def filter_published(self, pledges, name, value):
        return pledges.filter(status__in=Pledge.PUBLISHED_STATUSES) if value else pledges


def add_filter(filterset_class, name: str, filter) -> None:
    """Give `filterset_class` one more filter, `name` in the URL, shown after its own.

    For a later app's concept that the list filters by (followup's latest follow-up
    status), which pledges may not import: that app calls this from its
    AppConfig.ready(), once, before any request. The filter then works as a declared
    one does: in the form, the URL, `narrowed_count`, combined with the others.
    """
    if name in filterset_class.base_filters:
        raise ValueError(f"{filterset_class.__name__} already has a filter named {name!r}")
    filterset_class.base_filters[name] = filter
