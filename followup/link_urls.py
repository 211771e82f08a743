"""link_urls of the follow-up; see followup/urls.py."""

from django.urls import path

from .views import links

urlpatterns = [
    path("rapport/<int:pk>/", links.report_via_link, name="report_via_link"),
    path("<str:token>/", links.report_link, name="report_link"),
    path("<str:token>/ny-lank/", links.link_renew, name="link_renew"),
]
