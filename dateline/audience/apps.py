from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "dateline.audience"
    label = "audience"
    verbose_name = "Audience"

    def ready(self) -> None:
        from .trending import signals  # noqa: F401
