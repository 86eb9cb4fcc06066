"""The editors' searches in the admin (pages, images, documents, the page chooser) run on the
project's search backend too, through Wagtail's autocomplete path, and find what they ask for."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from lxml import html as lxml_html
from PIL import Image
from wagtail.documents import get_document_model

from dateline.news.models import NewsImage

pytestmark = pytest.mark.django_db


def _texts(response) -> str:
    assert response.status_code == 200
    return lxml_html.fromstring(response.content).text_content()


@pytest.fixture
def library(publish_article):
    """An article, an image and a document whose titles share a rare word."""
    publish_article(title="Sorghum harvest doubles in Tigray")
    publish_article(title="Ferry strike ends in Dar es Salaam")
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 90, 20)).save(buffer, format="JPEG")
    image = NewsImage(
        title="Sorghum field at dawn", caption="A field.", credit="Desk", source_type="staff_photo"
    )
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name="sorghum.jpg")
    image.save()
    NewsImage(
        title="Harbour cranes",
        file=ImageFile(io.BytesIO(buffer.getvalue()), name="cranes.jpg"),
        source_type="agency_photo",
    ).save()
    documents = get_document_model()
    documents(title="Sorghum price table", file=ContentFile(b"prices", name="prices.csv")).save()
    documents(title="Ferry timetable", file=ContentFile(b"times", name="times.csv")).save()


@pytest.mark.parametrize(
    "url,found,left_out",
    [
        ("/admin/pages/search/?q=sorghum", "Sorghum harvest doubles in Tigray", "Ferry strike"),
        ("/admin/images/?q=sorghum", "Sorghum field at dawn", "Harbour cranes"),
        ("/admin/documents/?q=sorghum", "Sorghum price table", "Ferry timetable"),
        (
            "/admin/choose-page/search/?q=sorghum",
            "Sorghum harvest doubles in Tigray",
            "Ferry strike",
        ),
    ],
)
def test_admin_searches_find_their_matches(admin_client, library, url, found, left_out):
    text = _texts(admin_client.get(url))
    assert found in text
    assert left_out not in text
