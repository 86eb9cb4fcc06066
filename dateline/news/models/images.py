"""Images with provenance: where a picture came from decides what readers are told about it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.api import APIField
from wagtail.images.models import AbstractImage, AbstractRendition, Image

IPTC_SOURCE_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/"


class ImageSource(models.TextChoices):
    AGENCY_PHOTO = "agency_photo", "Agency photo"
    STAFF_PHOTO = "staff_photo", "Staff photo"
    STOCK = "stock", "Stock image"
    AI_GENERATED = "ai_generated", "AI-generated image"
    GENERATED_ILLUSTRATION = "generated_illustration", "Generated illustration"


# IPTC digital source type of each kind of image, published in JSON-LD.
DIGITAL_SOURCE_TYPES = {
    ImageSource.AGENCY_PHOTO: "digitalCapture",
    ImageSource.STAFF_PHOTO: "digitalCapture",
    ImageSource.STOCK: "digitalCapture",
    ImageSource.AI_GENERATED: "trainedAlgorithmicMedia",
    ImageSource.GENERATED_ILLUSTRATION: "algorithmicMedia",
}

DISCLOSURES = {
    ImageSource.AI_GENERATED: (
        "This image is AI-generated. It does not depict a real event, person or place "
        "and is shown for illustration only."
    ),
    ImageSource.GENERATED_ILLUSTRATION: (
        "Illustration generated automatically from the headline, sector and country. "
        "It does not depict a real event."
    ),
}


def disclosure_for(source_type: str) -> str:
    """The visible label a generated image must carry; empty for photographs."""
    return DISCLOSURES.get(source_type, "")


def digital_source_type_uri(source_type: str) -> str:
    return IPTC_SOURCE_TYPE + DIGITAL_SOURCE_TYPES.get(source_type, "digitalCapture")


class NewsImage(AbstractImage):
    # No default: where a picture comes from is always someone's stated choice, never assumed.
    source_type = models.CharField(
        "Provenance",
        max_length=32,
        choices=ImageSource.choices,
        help_text="Where the picture comes from. Readers are told when an image is generated.",
    )
    credit = models.CharField(max_length=255, blank=True)
    caption = models.CharField(max_length=500, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "source_type", "credit", "caption")
    # Provenance partners must carry with the picture (content API, /api/v2/images/).
    api_fields = [
        APIField("caption"),
        APIField("credit"),
        APIField("source_type"),
        APIField("digital_source_type"),
        APIField("is_generated"),
        APIField("disclosure"),
    ]

    def save(self, *args, **kwargs) -> None:
        if self.source_type not in ImageSource.values:
            raise ValidationError(
                {"source_type": "Say where the image comes from: its provenance is required."}
            )
        super().save(*args, **kwargs)

    @property
    def is_generated(self) -> bool:
        return self.source_type in DISCLOSURES

    @property
    def disclosure(self) -> str:
        return disclosure_for(self.source_type)

    @property
    def digital_source_type(self) -> str:
        return digital_source_type_uri(self.source_type)


class NewsImageRendition(AbstractRendition):
    image = models.ForeignKey(NewsImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
