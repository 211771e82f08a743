from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Miljömålslöften")

    def ready(self):
        from . import programme_rules  # noqa: F401  (registers its permissions)
