from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class ConfigConfig(AppConfig):
    default = True
    name = "config"
    verbose_name = "Miljömålslöften"

    def ready(self):
        from django_tasks.signals import task_finished

        from . import checks  # noqa: F401  (registers the system checks)
        from .logs import log_task_finished

        # Logging only: a receiver that decides nothing (DESIGN.md: no signals for
        # business logic).
        task_finished.connect(log_task_finished, dispatch_uid="config.logs.task_finished")


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "config.admin.PortalAdminSite"
