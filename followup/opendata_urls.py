"""The open-data addresses under /oppna-data/, outside any namespace: DESIGN.md names
the page `opendata`, and the rest `opendata_*` beside it. Stable: the national data
portal harvests the catalogue, and the catalogue names the files."""

from django.urls import path

from .views import opendata

urlpatterns = [
    path("oppna-data/", opendata.index, name="opendata"),
    path("oppna-data/falt/", opendata.fields, name="opendata_fields"),
    path("oppna-data/katalog/", opendata.catalog, name="opendata_catalog"),
    path("oppna-data/flode/", opendata.feed, name="opendata_feed"),
    path("oppna-data/flode/<slug:slug>/", opendata.feed, name="opendata_county_feed"),
    path("oppna-data/filer/<slug:slug>.json", opendata.county_json, name="opendata_json"),
    path("oppna-data/filer/<slug:scope>/<slug:table>.csv", opendata.table_csv, name="opendata_csv"),
]
