"""The actors app's addresses in the `actors` namespace: the public actor and county
pages, and the coordinators' workspace under /arbetsyta/.

The account pages under /konto/ are in account_urls.py: they carry
django.contrib.auth's own names (login, password_reset, …) outside any namespace.
"""

from django.urls import path

from .views import actors, governors, lockouts, public

app_name = "actors"

urlpatterns = [
    path("aktorer/<slug:slug>/", public.actor_detail, name="detail"),
    path("lan/<slug:slug>/", public.county_detail, name="county"),
    path("lan/<slug:slug>/logotyp/", public.county_logo, name="county_logo"),
    # The workspace: coordinators keep their counties' actors and accounts.
    path("arbetsyta/aktorer/", actors.actor_list, name="manage_list"),
    path("arbetsyta/aktorer/ny/", actors.actor_create, name="create"),
    path("arbetsyta/aktorer/<slug:slug>/", actors.actor_edit, name="edit"),
    path("arbetsyta/aktorer/<slug:slug>/bjud-in/", actors.actor_invite, name="invite"),
    path("arbetsyta/lasta-konton/", lockouts.lockout_list, name="lockouts"),
    path("arbetsyta/lasta-konton/las-upp/", lockouts.lockout_unlock, name="unlock"),
    path("arbetsyta/landshovding/", governors.governor_list, name="governors"),
    path("arbetsyta/landshovding/<slug:slug>/", governors.governor_edit, name="governor"),
    path(
        "arbetsyta/landshovding/<slug:slug>/kontakt/",
        governors.county_contact_edit,
        name="county_contact",
    ),
]
