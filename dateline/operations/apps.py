from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site, not newsroom work: the scheduler, set-up, the demo, the supervisor.

    It owns no tables; it is the one app that may call every other one.
    """

    name = "dateline.operations"
    label = "operations"
    verbose_name = "Operations"
