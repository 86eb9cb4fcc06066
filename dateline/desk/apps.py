from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "dateline.desk"
    label = "desk"
    verbose_name = "Desk"

    def ready(self) -> None:
        # Every door to a desk article (page editor, scheduler, code) goes through the desk.
        from dateline.wire.signals import wire_items_stored

        from . import editor_hooks, lifecycle  # noqa: F401
        from .tasks import on_wire_items_stored

        # The desk places what the wire stores; the wire never calls the desk.
        wire_items_stored.connect(on_wire_items_stored, dispatch_uid="desk-places-wire-records")
