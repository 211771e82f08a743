from django.urls import include, path

from . import views

app_name = "pledges"

urlpatterns = [
    path("lofte/", views.pledge_list, name="list"),
    path("lofte/<slug:slug>/", views.pledge_detail, name="detail"),
    # The workspace: behind the login, within the user's counties and actors.
    path("arbetsyta/lofte/", include("pledges.editor_urls")),
    path("arbetsyta/program/", include("pledges.programme_urls")),
]
