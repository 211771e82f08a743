"""Follow-up addresses, in the `followup` namespace.

- /arbetsyta/uppfoljning/: the coordinator's rounds, review and exports.
- /arbetsyta/rapporter/: an actor's reports, filled in and submitted.
- /rapportera/: the one-time links e-mailed to actors' representatives.
- /oversikt/: the national view; /oversikt/<county>/: the county board's dashboard,
  its tables and its full extract.
"""

from django.urls import include, path

from .views import (
    dashboard,
    evidence,
    examples,
    extracts,
    links,
    reports,
    rounds,
    yearly_report,
)

app_name = "followup"

round_patterns = [
    path("", rounds.round_list, name="round_list"),
    path("ny/", rounds.round_create, name="round_create"),
    path("<int:pk>/", rounds.round_detail, name="round_detail"),
    path("<int:pk>/andra/", rounds.round_edit, name="round_edit"),
    path("<int:pk>/oppna/", rounds.round_open, name="round_open"),
    path("<int:pk>/lagg-till/", rounds.round_add, name="round_add"),
    path("<int:pk>/export.<str:fmt>", rounds.round_export, name="round_export"),
    path("rapport/<int:pk>/", rounds.report_review, name="report_review"),
]

report_patterns = [
    path("", reports.report_list, name="report_list"),
    path("<int:pk>/", reports.report_edit, name="report_edit"),
    path("<int:pk>/underlag/<int:mr_pk>/", evidence.evidence, name="evidence"),
]

link_patterns = [
    path("rapport/<int:pk>/", links.report_via_link, name="report_via_link"),
    path("<str:token>/", links.report_link, name="report_link"),
    path("<str:token>/ny-lank/", links.link_renew, name="link_renew"),
]

dashboard_patterns = [
    path("", dashboard.national, name="national"),
    # Not a county's slug: theirs end in "-lan".
    path("mitt-lan/", dashboard.dashboard_start, name="dashboard_start"),
    path("<slug:slug>/", dashboard.county_dashboard, name="dashboard"),
    path("<slug:slug>/rader/", dashboard.dashboard_rows, name="dashboard_rows"),
    path(
        "<slug:slug>/tabell/<str:table>.<str:fmt>",
        dashboard.dashboard_export,
        name="dashboard_export",
    ),
    path("<slug:slug>/utdrag.<str:fmt>", extracts.county_extract, name="county_extract"),
    path("<slug:slug>/arsrapport/", yearly_report.yearly_report_page, name="yearly_report"),
    path("<slug:slug>/arsrapport.pdf", yearly_report.yearly_report_pdf, name="yearly_report_pdf"),
]

example_patterns = [
    path("lofte/<int:pk>/gott-exempel/", examples.mark_pledge, name="good_example_pledge"),
    path(
        "lofte/<int:pk>/gott-exempel/atgard/<int:mr_pk>/",
        examples.mark_measure_report,
        name="good_example_measure_report",
    ),
    path("gott-exempel/<int:pk>/ta-bort/", examples.withdraw, name="good_example_withdraw"),
]

urlpatterns = [
    path("goda-exempel/<int:pk>/bild/", examples.picture, name="good_example_picture"),
    path("arbetsyta/", include(example_patterns)),
    path("oversikt/", include(dashboard_patterns)),
    path("arbetsyta/uppfoljning/", include(round_patterns)),
    path("arbetsyta/rapporter/", include(report_patterns)),
    path("rapportera/", include(link_patterns)),
]
