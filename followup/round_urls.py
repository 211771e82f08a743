"""round_urls of the follow-up; see followup/urls.py.

The coordinator's rounds, under /arbetsyta/uppfoljning/ in the `followup` namespace.
"""

from django.urls import path

from .views import rounds as views

urlpatterns = [
    path("", views.round_list, name="round_list"),
    path("ny/", views.round_create, name="round_create"),
    path("<int:pk>/", views.round_detail, name="round_detail"),
    path("<int:pk>/andra/", views.round_edit, name="round_edit"),
    path("<int:pk>/oppna/", views.round_open, name="round_open"),
    path("<int:pk>/lagg-till/", views.round_add, name="round_add"),
    path("<int:pk>/export.<str:fmt>", views.round_export, name="round_export"),
    path("rapport/<int:pk>/", views.report_review, name="report_review"),
]
