"""The site's starting state: taxonomies and the page tree (home, sections, standard pages).

Written against an app registry so the same code seeds a migration and restores a test
database that a transactional test has flushed.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.text import slugify

from .reference import EDITIONS, SECTORS, country_editions, country_name

SECTIONS = [
    ("news", "News", "news"),
    ("short", "Shots", "shots"),
    ("opinion", "Opinion", "opinion"),
    ("blog", "Blog", "blog"),
    ("interview", "Interviews", "interviews"),
]

STANDARD_PAGES = [
    (
        "About us",
        "about",
        "<p>We are a news desk that reports on development, policy and business in every region, "
        "writing each story from the copy of several news agencies and saying so.</p>",
    ),
    (
        "Disclaimer",
        "disclaimer",
        '<p>Stories marked "with inputs from agencies" are written by our desk from agency copy. '
        "Generated illustrations are labelled and do not depict real events.</p>",
    ),
    (
        "Terms of use",
        "terms",
        "<p>You may read, link to and quote our stories with attribution. Agency material remains "
        "the property of the agencies that supplied it.</p>",
    ),
    (
        "Privacy Policy",
        "privacy",
        "<p>We set no cookies for readers and do not store IP addresses. Newsletter addresses are "
        "used only to send the newsletter you asked for and are deleted when you unsubscribe.</p>",
    ),
]


def seed_taxonomies(apps) -> None:
    Sector = apps.get_model("news", "Sector")
    Edition = apps.get_model("news", "Edition")
    Country = apps.get_model("news", "Country")
    for order, term in enumerate(SECTORS):
        Sector.objects.get_or_create(
            slug=term.slug, defaults={"name": term.name, "sort_order": order}
        )
    editions = {}
    for order, term in enumerate(EDITIONS):
        editions[term.slug], _ = Edition.objects.get_or_create(
            slug=term.slug, defaults={"name": term.name, "sort_order": order}
        )
    for code, edition in sorted(country_editions().items()):
        name = country_name(code)
        Country.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slugify(name), "edition": editions[edition]}
        )


def build_site_tree(apps) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    HomePage = apps.get_model("news", "HomePage")
    SectionPage = apps.get_model("news", "SectionPage")
    StandardPage = apps.get_model("news", "StandardPage")
    if HomePage.objects.exists():
        return

    def content_type(model):
        return ContentType.objects.get_or_create(app_label="news", model=model)[0]

    Locale = apps.get_model("wagtailcore", "Locale")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        locale = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)[0]
        root = Page.objects.create(
            title="Root",
            draft_title="Root",
            slug="root",
            path="0001",
            depth=1,
            numchild=0,
            url_path="/",
            live=True,
            locale=locale,
            content_type=ContentType.objects.get_for_model(Page),
        )
    locale = root.locale
    Page.objects.filter(depth=2).delete()
    home = HomePage.objects.create(
        title="Home",
        draft_title="Home",
        slug="home",
        content_type=content_type("homepage"),
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale=locale,
    )
    root.numchild = 1
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Dateline"},
    )
    children = [
        (SectionPage, "sectionpage", title, slug, {"kind": kind}) for kind, title, slug in SECTIONS
    ] + [
        (StandardPage, "standardpage", title, slug, {"body": body})
        for title, slug, body in STANDARD_PAGES
    ]
    for position, (model, ct, title, slug, extra) in enumerate(children, start=1):
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type(ct),
            path=home.path + f"{position:04d}",
            depth=3,
            numchild=0,
            url_path=f"/home/{slug}/",
            live=True,
            locale=locale,
            **extra,
        )
    home.numchild = len(children)
    home.save(update_fields=["numchild"])
