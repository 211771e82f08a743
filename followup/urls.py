"""Follow-up addresses, in the `followup` namespace.

- /arbetsyta/uppfoljning/ (round_urls): the coordinator's rounds, review and exports.
- /arbetsyta/rapporter/ (report_urls): an actor's reports, filled in and submitted.
- /rapportera/ (link_urls): the one-time links e-mailed to actors' representatives.
"""

from django.urls import include, path

app_name = "followup"

urlpatterns = [
    path("arbetsyta/uppfoljning/", include("followup.round_urls")),
    path("arbetsyta/rapporter/", include("followup.report_urls")),
    path("rapportera/", include("followup.link_urls")),
]
