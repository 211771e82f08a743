from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("lofte/", views.pledge_list, name="list"),
    path("lofte/<slug:slug>/", views.pledge_detail, name="detail"),
]
