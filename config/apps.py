from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ConfigConfig(AppConfig):
    default = True
    name = "config"
    verbose_name = "Miljömålslöften"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "config.admin.PortalAdminSite"
