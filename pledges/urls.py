from django.urls import include, path

from .views import public as views
from .views import signing

app_name = "pledges"

urlpatterns = [
    path("lofte/", views.pledge_list, name="list"),
    path("lofte/<slug:slug>/", views.pledge_detail, name="detail"),
    path("lofte/<slug:slug>/pdf/", signing.signed_pdf, name="pdf"),
    path("verifiera/", views.verify_entry, name="verify_entry"),
    path("verifiera/<str:code>/", signing.verify, name="verify"),
    path("signera/<str:token>/", signing.sign_by_link, name="sign_link"),
    # The workspace: behind the login, within the user's counties and actors.
    path("arbetsyta/lofte/", include("pledges.editor_urls")),
    path("arbetsyta/program/", include("pledges.programme_urls")),
]
