"""The pledge editor, under /arbetsyta/lofte/ in the `pledges` namespace."""

from django.urls import path

from .views import editor, signing

urlpatterns = [
    path("ny/", editor.pledge_create, name="create"),
    path("<int:pk>/", editor.pledge_edit, name="edit"),
    path("<int:pk>/forhandsgranska/", editor.pledge_preview, name="preview"),
    path("<int:pk>/utkast.pdf", signing.preview_pdf, name="preview_pdf"),
    path("<int:pk>/status/", editor.pledge_transition_view, name="transition"),
    path("<int:pk>/historik/", editor.pledge_history, name="history"),
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
    path("<int:pk>/atgard/ny/", editor.measure_edit, name="measure_create"),
    path("<int:pk>/atgard/snabb/", editor.measure_quick_add, name="measure_quick_add"),
    path("<int:pk>/atgard/<int:measure_pk>/", editor.measure_edit, name="measure_edit"),
    path("<int:pk>/atgard/<int:measure_pk>/ta-bort/", editor.measure_delete, name="measure_delete"),
    path("<int:pk>/atgard/<int:measure_pk>/flytta/", editor.measure_move, name="measure_move"),
]
