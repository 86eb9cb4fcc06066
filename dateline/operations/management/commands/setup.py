"""`dateline setup`: everything a fresh box needs before it can serve, safe to run again."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Site

from dateline.security.secret_key import write_private

ADMIN_USER = "editor"


class Command(BaseCommand):
    help = (
        "Create or update the database, the site address, an editor account "
        "and (optionally) the demo newsroom."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="Load the demo newsroom.")

    def handle(self, *args, demo: bool = False, **options) -> None:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self._point_site_at_public_url()
        password, new = self._editor_password()
        if demo:
            self._load_demo()
        # The password is shown once, when it is made; after that only where it is kept, so
        # a terminal log or a shared screen of a later run does not give it away.
        told = f"password '{password}'" if new else "password"
        self.stdout.write(
            f"Site:  {settings.DATELINE_SITE_URL}/\n"
            f"Admin: {settings.DATELINE_SITE_URL}/admin/  user '{ADMIN_USER}', "
            f"{told} (kept in {self._password_file()})"
        )

    def _load_demo(self) -> None:
        """Signed pieces written by the desk, then the agencies' copy through the wire desk."""
        from dateline.desk.pipeline import process_pending
        from dateline.news.demo_newsroom import load_demo
        from dateline.operations.demo import ingest_demo_agencies
        from dateline.wire.models import WireItemRecord

        added = load_demo()
        self.stdout.write(f"Demo newsroom: {added} signed pieces and short items added.")
        if WireItemRecord.objects.exists():
            self.stdout.write("Demo agencies: wire copy already ingested, left as it is.")
            return
        report = ingest_demo_agencies()
        self.stdout.write("Demo agencies, through the wire desk:")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        # Placed here rather than by the task worker, so the site is full on its first view.
        self.stdout.write(f"  desk: {process_pending()}")

    def _point_site_at_public_url(self) -> None:
        url = urlsplit(settings.DATELINE_SITE_URL)
        port = url.port or (443 if url.scheme == "https" else 80)
        Site.objects.filter(is_default_site=True).update(
            hostname=url.hostname or "localhost", port=port, site_name=settings.DATELINE_SITE_NAME
        )

    def _password_file(self):
        return settings.VAR_DIR / "editor-password.txt"

    def _editor_password(self) -> tuple[str, bool]:
        """A random password made on first set-up and reused after, so reruns change nothing;
        and whether this run made it. The file is readable by its owner only."""
        path = self._password_file()
        new = not path.exists() and write_private(path, secrets.token_urlsafe(12) + "\n")
        password = path.read_text().strip()
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=ADMIN_USER,
            defaults={"is_staff": True, "is_superuser": True, "email": "editor@dateline.invalid"},
        )
        if created:
            user.set_password(password)
            user.save()
        return password, new
