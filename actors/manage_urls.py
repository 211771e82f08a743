"""The coordinators' workspace under /arbetsyta/, in the `actors` namespace."""

from django.urls import path

from . import governors, manage

urlpatterns = [
    path("aktorer/", manage.actor_list, name="manage_list"),
    path("aktorer/ny/", manage.actor_create, name="create"),
    path("aktorer/<slug:slug>/", manage.actor_edit, name="edit"),
    path("aktorer/<slug:slug>/bjud-in/", manage.actor_invite, name="invite"),
    path("lasta-konton/", manage.lockout_list, name="lockouts"),
    path("lasta-konton/las-upp/", manage.lockout_unlock, name="unlock"),
    path("landshovding/", governors.governor_list, name="governors"),
    path("landshovding/<slug:slug>/", governors.governor_edit, name="governor"),
]
