from django.urls import include, path

from . import views

app_name = "actors"

urlpatterns = [
    path("aktorer/<slug:slug>/", views.actor_detail, name="detail"),
    path("lan/<slug:slug>/", views.county_detail, name="county"),
    # The workspace: coordinators keep their counties' actors and accounts.
    path("arbetsyta/", include("actors.manage_urls")),
]
