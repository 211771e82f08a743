"""report_urls of the follow-up; see followup/urls.py."""

from django.urls import path

from .views import evidence
from .views import reports as report_views

urlpatterns = [
    path("", report_views.report_list, name="report_list"),
    path("<int:pk>/", report_views.report_edit, name="report_edit"),
    path("<int:pk>/underlag/<int:mr_pk>/", evidence.evidence, name="evidence"),
]
