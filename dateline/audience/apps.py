from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "dateline.audience"
    label = "audience"
    verbose_name = "Audience"

    def ready(self) -> None:
        from django.core import checks

        from .anonymity import check_trusted_proxies
        from .trending import signals  # noqa: F401

        checks.register(check_trusted_proxies)
