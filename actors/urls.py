from django.urls import path

from . import views

app_name = "actors"

urlpatterns = [
    path("aktorer/<slug:slug>/", views.actor_detail, name="detail"),
    path("lan/<slug:slug>/", views.county_detail, name="county"),
]
