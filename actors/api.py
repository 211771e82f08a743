"""The open-data API's counties and actors (read-only; config/api.py assembles the API).

Only what the public pages show; nobody's e-mail address is ever in an answer. An
actor is public through its published pledges (actors.access.public_actor), which
is pledges' concept: its viewset is in pledges/api.py.
"""

import django_filters
from rest_framework import serializers, viewsets

from .models import Actor, County


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["id", "slug", "code", "letter", "name", "residence_city"]


class CountyViewSet(viewsets.ReadOnlyModelViewSet):
    """The counties (län): every county has its public page."""

    queryset = County.objects.order_by("code")
    serializer_class = CountySerializer
    lookup_field = "slug"


class ActorSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "county",
            "municipality",
            "organisation_number",
            "website",
            "description",
        ]


class ActorFilterSet(django_filters.FilterSet):
    county = django_filters.CharFilter(field_name="county__slug", help_text="The county's slug.")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)
    municipality = django_filters.CharFilter(help_text="The municipality's (kommun's) code.")

    class Meta:
        model = Actor
        fields = ["county", "kind", "municipality"]
