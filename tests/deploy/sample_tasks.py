"""A task with no side effects, for checking that a queue backend really runs work."""

from django_tasks import task


@task()
def headline_length(headline: str) -> int:
    return len(headline)


@task()
def desk_heartbeat() -> str:
    return "desk alive"
