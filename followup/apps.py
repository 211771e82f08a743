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
