"""The pledges app's addresses, in the `pledges` namespace: the public pledge pages and
verification, the signing links, and the workspace's pledge editor and programmes."""

from django.urls import include, path

from .views import editor, measures, programmes, public, served, signing

app_name = "pledges"

# The pledge editor, under /arbetsyta/lofte/.
editor_patterns = [
    path("ny/", editor.pledge_create, name="create"),
    path("<int:pk>/", editor.pledge_edit, name="edit"),
    path("<int:pk>/forhandsgranska/", editor.pledge_preview, name="preview"),
    path("<int:pk>/utkast.pdf", signing.preview_pdf, name="preview_pdf"),
    path("<int:pk>/status/", editor.pledge_transition_view, name="transition"),
    path("<int:pk>/historik/", editor.pledge_history, name="history"),
    path("<int:pk>/fornya/", editor.pledge_successor, {"change": "renewal"}, name="renew"),
    path("<int:pk>/andra/", editor.pledge_successor, {"change": "amendment"}, name="amend"),
    path("<int:pk>/undertecknare/", editor.signatories_edit, name="signatories"),
    path("<int:pk>/undertecknare/lankar/", signing.send_signing_links, name="send_signing_links"),
    path("<int:pk>/undertecknare/<int:signatory_pk>/signera/", signing.sign_in_portal, name="sign"),
    path(
        "<int:pk>/undertecknare/<int:signatory_pk>/papper/", signing.record_wet_ink, name="wet_ink"
    ),
    path(
        "<int:pk>/underskrift/<int:event_pk>/inskannad/",
        signing.signature_scan,
        name="signature_scan",
    ),
    path("<int:pk>/atgard/ny/", measures.measure_edit, name="measure_create"),
    path("<int:pk>/atgard/snabb/", measures.measure_quick_add, name="measure_quick_add"),
    path("<int:pk>/atgard/<int:measure_pk>/", measures.measure_edit, name="measure_edit"),
    path(
        "<int:pk>/atgard/<int:measure_pk>/ta-bort/", measures.measure_delete, name="measure_delete"
    ),
    path("<int:pk>/atgard/<int:measure_pk>/flytta/", measures.measure_move, name="measure_move"),
]

# The county's action programme, under /arbetsyta/program/.
programme_patterns = [
    path("", programmes.programme_list, name="programme_list"),
    path("ny/", programmes.programme_create, name="programme_create"),
    path("importmall.csv", programmes.programme_import_template, name="programme_import_template"),
    path("<int:pk>/", programmes.programme_detail, name="programme_detail"),
    path("<int:pk>/redigera/", programmes.programme_edit, name="programme_edit"),
    path("<int:pk>/importera/", programmes.programme_import, name="programme_import"),
    path("<int:pk>/tema/ny/", programmes.theme_create, name="theme_create"),
    path("tema/<int:pk>/", programmes.theme_edit, name="theme_edit"),
    path(
        "<int:pk>/atgard/ny/", programmes.programme_measure_create, name="programme_measure_create"
    ),
    path("atgard/<int:pk>/", programmes.programme_measure_edit, name="programme_measure_edit"),
]

urlpatterns = [
    path("lofte/", public.pledge_list, name="list"),
    path("lofte/<slug:slug>/", public.pledge_detail, name="detail"),
    path("lofte/<slug:slug>/pdf/", signing.signed_pdf, name="pdf"),
    path("verifiera/", public.verify_entry, name="verify_entry"),
    path("verifiera/<str:code>/", signing.verify, name="verify"),
    path("signera/<str:token>/", signing.sign_by_link, name="sign_link"),
    # What pledges serve: a county's programme, and the objectives and goals (by their
    # numbers in the reference data) across counties.
    path("lan/<slug:slug>/tema/<int:theme>/", served.theme_page, name="theme"),
    path(
        "lan/<slug:slug>/atgard/<int:pk>/",
        served.programme_measure_page,
        name="programme_measure",
    ),
    path("miljomal/<int:number>/", served.objective_page, name="objective"),
    path("globala-malen/<int:number>/", served.goal_page, name="goal"),
    # The workspace: behind the login, within the user's counties and actors.
    path("arbetsyta/lofte/", include(editor_patterns)),
    path("arbetsyta/program/", include(programme_patterns)),
]
