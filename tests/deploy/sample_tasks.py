"""A task with no side effects, for checking that a queue backend really runs work."""

from django_tasks import task


@task()
def headline_length(headline: str) -> int:
    return len(headline)


@task()
def desk_heartbeat() -> str:
    return "desk alive"


@task()
def hold_until_released(starts: str, release: str) -> int:
    """Note each start in `starts`, then wait for the file `release`: a task to kill a worker
    in the middle of. Returns how many times it was started."""
    import time
    from pathlib import Path

    with Path(starts).open("a") as log:
        log.write("started\n")
    deadline = time.monotonic() + 120
    while not Path(release).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(Path(starts).read_text().splitlines())
