"""The county's action programme, under /arbetsyta/program/ in the `pledges` namespace."""

from django.urls import path

from .views import programmes as views

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("ny/", views.programme_create, name="programme_create"),
    path("importmall.csv", views.programme_import_template, name="programme_import_template"),
    path("<int:pk>/", views.programme_detail, name="programme_detail"),
    path("<int:pk>/redigera/", views.programme_edit, name="programme_edit"),
    path("<int:pk>/importera/", views.programme_import, name="programme_import"),
    path("<int:pk>/tema/ny/", views.theme_create, name="theme_create"),
    path("tema/<int:pk>/", views.theme_edit, name="theme_edit"),
    path("<int:pk>/atgard/ny/", views.programme_measure_create, name="programme_measure_create"),
    path("atgard/<int:pk>/", views.programme_measure_edit, name="programme_measure_edit"),
]
