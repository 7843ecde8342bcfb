from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("法治政府建设整改台账")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import large_type  # noqa: F401 - connects the log-in receiver
