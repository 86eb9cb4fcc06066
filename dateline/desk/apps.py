from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "dateline.desk"
    label = "desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        # Every door to a desk article (page editor, scheduler, code) goes through the desk.
        from . import editor_hooks, lifecycle  # noqa: F401
