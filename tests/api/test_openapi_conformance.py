"""The content API against its OpenAPI description, on a running server, with schemathesis.

schemathesis reads /api/openapi.json from the live test server and sends what the description
allows and what it forbids to every operation. The run fails on a server error, a response
that does not match its documented schema, an undocumented status or content type, a request
the description forbids that the server accepts, and a method that is not answered 405.

One check is left out: positive_data_acceptance, which expects every request the description
allows to succeed. Wagtail's `fields` and `order` take the field names of the page type asked
for, which OpenAPI cannot tie to `type`; an unknown name is a documented 400.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dateline.news.models import ImageSource

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = "20260415"  # a fixed seed: the same requests on every run, so CI is reproducible


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("newsroom")  # published, held, killed and embargoed stories
def test_the_api_keeps_to_its_openapi_description(
    live_server, settings, publish_article, make_image, tmp_path
):
    settings.DATELINE_SITE_URL = live_server.url  # the description's server
    publish_article(
        title="Drought cuts Kenya's tea harvest by a fifth",
        others=("UG",),
        corrections=("An earlier version gave the wrong month for the harvest.",),
        takeaways="A fifth less tea\nPrices up at the Mombasa auction",
        hero_image=make_image(source_type=ImageSource.AI_GENERATED, credit="Dateline"),
        source_agencies="Harbour, Lakeside",
    )
    publish_article(title="Comment: Nairobi needs its buses back", kind="opinion", sector=None)

    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/openapi.json",
            "--checks",
            "all",
            "--exclude-checks",
            "positive_data_acceptance",
            "--workers",
            "1",  # the live server shares one database connection between its threads
            "--max-examples",
            "40",
            "--seed",
            SEED,
            "--generation-database",
            "none",
            "--request-timeout",
            "30",
            "--no-color",
        ],
        cwd=tmp_path,  # its own files (.schemathesis, reports) stay out of the checkout
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert run.returncode == 0, run.stdout[-12000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout
