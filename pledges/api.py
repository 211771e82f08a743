"""The open-data API's reference data, programmes, public actors and published pledges
(read-only; config/api.py assembles the API).

The public sees what the public pages show and nothing more: published pledges
only (Pledge.objects.published()), their signatories by name, title and
organisation (never an address), and actors that have a published pledge. The
pledge list is filtered by the public list's FilterSet (pledges/filters.py), so a
filter means the same on the page and here.
"""

import hashlib

import django_filters
from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response

from actors.api import ActorFilterSet, ActorSerializer, PublicViewSet
from actors.models import Actor
from actors.pagecache import LIST_KEY, current_versions, pledge_key

from .filters import PublicPledgeFilterSet
from .models import (
    EnvironmentalObjective,
    GlobalGoal,
    Measure,
    MeasureLink,
    Pledge,
    Programme,
    ProgrammeMeasure,
    Signatory,
    Theme,
)


class ObjectiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = EnvironmentalObjective
        fields = ["id", "number", "name_sv", "name_en"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = GlobalGoal
        fields = ["id", "number", "name_sv", "name_en"]


class ObjectiveViewSet(PublicViewSet):
    """The national environmental quality objectives (miljökvalitetsmål) and the
    generational goal."""

    queryset = EnvironmentalObjective.objects.order_by("number")
    serializer_class = ObjectiveSerializer
    lookup_field = "number"
    numeric_lookup = True


class GoalViewSet(PublicViewSet):
    """The 17 global goals (Agenda 2030)."""

    queryset = GlobalGoal.objects.order_by("number")
    serializer_class = GoalSerializer
    lookup_field = "number"
    numeric_lookup = True


class ProgrammeMeasureSerializer(serializers.ModelSerializer):
    objectives = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    global_goals = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = ProgrammeMeasure
        fields = ["id", "number", "title", "description", "objectives", "global_goals"]


class ThemeSerializer(serializers.ModelSerializer):
    measures = ProgrammeMeasureSerializer(many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "name", "order", "measures"]


class ProgrammeSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = ["id", "county", "name", "start_year", "end_year", "url", "themes"]


class ProgrammeFilterSet(django_filters.FilterSet):
    county = django_filters.CharFilter(field_name="county__slug", help_text="The county's slug.")

    class Meta:
        model = Programme
        fields = ["county"]


class ProgrammeViewSet(PublicViewSet):
    """The counties' regional action programmes, with their themes and measures."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet

    def get_queryset(self):
        return (
            Programme.objects.select_related("county")
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")),
                Prefetch(
                    "themes__measures",
                    queryset=ProgrammeMeasure.objects.prefetch_related(
                        "objectives", "global_goals"
                    ),
                ),
            )
            .order_by("county__code", "-start_year", "pk")
        )


class PublicActorViewSet(PublicViewSet):
    """Actors that have a published pledge."""

    # The rule of actors.access.public_actor: an actor is public through its pledges.

    serializer_class = ActorSerializer
    filterset_class = ActorFilterSet
    lookup_field = "slug"

    def get_queryset(self):
        published = Pledge.objects.published().filter(actor=OuterRef("pk"))
        return (
            Actor.objects.filter(Exists(published)).select_related("county").order_by("name", "pk")
        )


class MeasureLinkSerializer(serializers.ModelSerializer):
    programme_measure = serializers.PrimaryKeyRelatedField(read_only=True)
    number = serializers.CharField(source="programme_measure.number", read_only=True)

    class Meta:
        model = MeasureLink
        fields = ["programme_measure", "number", "is_primary"]

    def to_representation(self, link):
        # The fields' own representation, built at once: a list page holds hundreds of
        # links, and DRF's field-by-field walk was most of its time (bench/run.py).
        return {
            "programme_measure": link.programme_measure_id,
            "number": link.programme_measure.number,
            "is_primary": link.is_primary,
        }


class MeasureSerializer(serializers.ModelSerializer):
    links = MeasureLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "party",
            "order",
            "heading",
            "text",
            "indicator_unit",
            "indicator_baseline",
            "indicator_target",
            "links",
        ]

    def to_representation(self, measure):
        # As the declared fields make it (the OpenAPI document describes those), without
        # DRF's walk over them for each of a page's hundreds of measures.
        fields = self.fields
        return {
            "id": measure.pk,
            "party": measure.party,
            "order": measure.order,
            "heading": measure.heading,
            "text": measure.text,
            "indicator_unit": measure.indicator_unit,
            "indicator_baseline": fields["indicator_baseline"].to_representation(
                measure.indicator_baseline
            )
            if measure.indicator_baseline is not None
            else None,
            "indicator_target": fields["indicator_target"].to_representation(
                measure.indicator_target
            )
            if measure.indicator_target is not None
            else None,
            "links": [
                fields["links"].child.to_representation(link) for link in measure.links.all()
            ],
        }


class SignatorySerializer(serializers.ModelSerializer):
    """A signatory as the pledge page shows it: name, title, organisation."""

    class Meta:
        model = Signatory
        fields = ["party", "name", "title", "organisation"]


class PledgeActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "slug", "name", "kind"]


class PledgeSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    actor = PledgeActorSerializer(read_only=True)
    previous = serializers.SerializerMethodField()
    measures = MeasureSerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "slug",
            "county",
            "actor",
            "status",
            "start_year",
            "end_year",
            "introduction",
            "signing_place",
            "signing_date",
            "signed_at",
            "concluded_at",
            "previous",
            "measures",
            "signatories",
        ]

    def get_previous(self, pledge) -> str | None:
        """The slug of the published pledge this one renews or amends."""
        previous = pledge.previous
        return previous.slug if previous is not None and previous.is_published else None


_ID = OpenApiTypes.INT


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("theme", _ID, description="The id of a theme of a programme."),
            OpenApiParameter(
                "programme_measure", _ID, description="The id of a programme measure."
            ),
            OpenApiParameter(
                "objective", _ID, description="The number of an environmental objective."
            ),
            OpenApiParameter("goal", _ID, description="The number of a global goal."),
            OpenApiParameter("year", _ID, description="Pledges running in this year."),
            OpenApiParameter(
                "municipality", str, description="The municipality's (kommun's) code."
            ),
        ]
    )
)
class PledgeViewSet(PublicViewSet):
    """Published (signed and concluded) pledges with their measures, links to the
    action programme and signatories. Filtered like the public list of pledges."""

    serializer_class = PledgeSerializer
    filterset_class = PublicPledgeFilterSet
    lookup_field = "slug"

    # What a page of the list, or a pledge, says is what the public pages say, and it
    # changes when they do: it is kept in the shared cache under the same versions
    # (actors/pagecache.py: the list's, the pledge's), after the throttle and the
    # filters' checks, and given to everyone alike (the API shows published pledges
    # only, whoever asks).
    def list(self, request, *args, **kwargs):
        return self._kept(request, [LIST_KEY], lambda: super(PledgeViewSet, self).list(request))

    def retrieve(self, request, *args, **kwargs):
        slug = kwargs[self.lookup_field]
        return self._kept(
            request, [pledge_key(slug)], lambda: super(PledgeViewSet, self).retrieve(request)
        )

    def _kept(self, request, keys, answer):
        versions = current_versions(keys)
        identity = [
            # The next and previous pages are linked by absolute addresses.
            request.build_absolute_uri(request.path),
            sorted(request.query_params.lists()),
            request.accepted_renderer.format,
            *(f"{key}={versions[key]}" for key in sorted(versions)),
        ]
        key = "api:" + hashlib.sha256(repr(identity).encode()).hexdigest()
        data = cache.get(key)
        if data is None:
            response = answer()
            if response.status_code != 200:
                return response
            data = response.data
            cache.set(key, data, settings.PUBLIC_PAGE_CACHE_SECONDS)
        return Response(data)

    def get_queryset(self):
        return (
            Pledge.objects.published()
            .select_related("actor", "county", "previous")
            .prefetch_related(
                Prefetch(
                    "measures",
                    queryset=Measure.objects.order_by("party", "order", "pk").prefetch_related(
                        Prefetch(
                            "links",
                            # Ordered by the measure's id, not by the measure's own
                            # ordering (its pledge's year and actor: two more joins).
                            queryset=MeasureLink.objects.select_related("programme_measure")
                            .order_by("measure_id", "order", "pk")
                            .only(
                                "measure_id",
                                "programme_measure_id",
                                "is_primary",
                                "programme_measure__number",
                            ),
                        )
                    ),
                ),
                Prefetch("signatories", queryset=Signatory.objects.order_by("party", "order")),
            )
            .order_by("-start_year", "actor__name", "pk")
        )
