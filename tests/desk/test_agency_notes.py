"""Agency notes not for publication (dpa's contacts and closing lines, NITF advisories,
ninjs ednotes) never reach a reader; editors read them on the wire item screen."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.cache import cache

from dateline.desk.models import Story
from dateline.desk.pipeline import process_pending
from dateline.wire.ingest import ingest_bytes
from dateline.wire.models import Source, WireItemRecord
from tests.shared_data import SAMPLES

DPA = SAMPLES / "dpa-digitalwires" / "newsml-g2"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.shared_data,
    pytest.mark.skipif(not DPA.is_dir(), reason=f"real dpa items not found at {DPA}"),
]

# What gives a private note away: an e-mail address, a phone number, a closing line.
GIVEAWAYS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+\d[\d ()-]{6,}\d|^dpa [a-z0-9/ ]+$")


def test_real_dpa_private_notes_never_reach_a_reader(client, admin_client, site_tree):
    source = Source.objects.create(
        name="dpa wire", slug="dpa", agency="dpa", transport="push", policy="publish"
    )
    files = [p for p in sorted(DPA.glob("*.xml")) if b"dpapconstraint:nonpublic" in p.read_bytes()]
    for path in files:
        ingest_bytes(path.read_bytes(), source=source, filename=path.name, format="newsmlg2")
    process_pending()
    cache.clear()

    private = [
        (record, note)
        for record in WireItemRecord.objects.all()
        for note in record.item().notes
        if not note.publishable
    ]
    giveaways = {m.group(0) for _, n in private for m in GIVEAWAYS.finditer(n.text)}
    assert len({r.pk for r, _ in private}) >= len(files) and len(giveaways) > 10
    assert "Szameitat.Sabrina@dpa.com" in giveaways

    articles = [s.article for s in Story.objects.select_related("article") if s.article]
    assert articles and all(a.live for a in articles)
    public = [a.url for a in articles] + [
        "/",
        "/news/",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/news-sitemap.xml",
        "/search/?q=dpa",
        "/search/?q=Redaktion",
        "/search/?q=Szameitat",
    ]
    for url in public:
        response = client.get(url)
        assert response.status_code == 200, url
        shown = unescape(response.content.decode())
        assert not [g for g in giveaways if g in shown], url
        assert not [n.text for _, n in private if n.text in shown], url

    record, note = next((r, n) for r, n in private if "Szameitat" in n.text)
    screen = unescape(admin_client.get(f"/admin/wire/items/{record.pk}/").content.decode())
    assert note.text in screen and "Not for publication" in screen
