"""The open-data API's counties and actors (read-only; config/api.py assembles the API).

Only what the public pages show; nobody's e-mail address is ever in an answer. An
actor is public through its published pledges (actors.access.public_actor), which
is pledges' concept: its viewset is in pledges/api.py.
"""

import django_filters
from django import forms
from django.http import Http404
from rest_framework import serializers, viewsets

from .models import Actor, County

# Any path segment reaches the view, which answers an unknown one with the API's 404
# (JSON), not the site's HTML page.
LOOKUP = "[^/]+"
# Ids and numbers beyond this name nothing (and would overflow the database's integers).
LARGEST_ID = 2**31 - 1


class IdFilter(django_filters.NumberFilter):
    """A whole number in the database's range; anything else is refused (400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, and an id or number that cannot name a row is a 404 before any query."""

    numeric_lookup = False
    lookup_value_regex = LOOKUP

    def get_object(self):
        if self.lookup_field in ("pk", "id") or self.numeric_lookup:
            value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            if not (value.isascii() and value.isdigit() and int(value) <= LARGEST_ID):
                raise Http404
        return super().get_object()


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["id", "slug", "code", "letter", "name", "residence_city"]


class CountyViewSet(PublicViewSet):
    """The counties (län)."""

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
