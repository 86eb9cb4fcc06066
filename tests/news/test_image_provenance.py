"""An image's provenance is always stated by someone: never assumed to be an agency photo."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dateline.news.models import NewsImage

pytestmark = pytest.mark.django_db


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 90, 20)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_an_image_saved_without_its_provenance_is_refused(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    image = NewsImage(title="Harbour cranes", file=ImageFile(io.BytesIO(_jpeg()), name="c.jpg"))
    with pytest.raises(ValidationError, match="provenance is required"):
        image.save()
    assert not NewsImage.objects.exists()


def test_the_upload_form_asks_for_the_provenance_and_offers_no_default(
    admin_client, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    form = admin_client.get("/admin/images/add/").content.decode()
    select = form.split('name="source_type"')[1].split("</select>")[0]
    assert 'value="" selected' in select
    assert "selected" not in select.replace('value="" selected', "")

    upload = {"title": "Harbour cranes", "collection": "1"}
    response = admin_client.post(
        "/admin/images/add/",
        {**upload, "file": SimpleUploadedFile("c.jpg", _jpeg(), "image/jpeg")},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not NewsImage.objects.exists()

    response = admin_client.post(
        "/admin/images/add/",
        {
            **upload,
            "source_type": "staff_photo",
            "file": SimpleUploadedFile("c.jpg", _jpeg(), "image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert NewsImage.objects.get().source_type == "staff_photo"
