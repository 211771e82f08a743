from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "followup"
    verbose_name = _("Uppföljning")

    def ready(self):
        from . import filters

        # The public pledge list filters by the latest follow-up status, which pledges
        # may not import (pledges/filters.py, add_filter).
        filters.register()

        from pledges.signals import published_data_changed

        from .opendata import _on_published_data_changed

        # A pledge signed, concluded or withdrawn (pledges.services): the open data of
        # its county is written anew. Accepted reports call it directly (services).
        published_data_changed.connect(_on_published_data_changed, dispatch_uid="opendata")
