from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackerConfig(AppConfig):
    name = "tracker"
    verbose_name = _("法治政府建设整改台账")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from pathlib import Path

        from django.conf import settings
        from simple_history.signals import post_create_historical_record

        from . import large_type  # noqa: F401 - connects the log-in receiver
        from .logs import log_history_record

        post_create_historical_record.connect(
            log_history_record, dispatch_uid="tracker-log-history-record"
        )
        if settings.FILE_UPLOAD_TEMP_DIR:  # uploads past 2 MB are spooled there
            Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
