"""One settings module for every deployment, driven by environment variables (12-factor).

Unset, everything falls back to the embedded default: SQLite in ./var, local memory cache,
the database task backend and the console email backend.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from dateline.security.secret_key import install_secret_key

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DATELINE_VAR_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


DEBUG = env_bool("DATELINE_DEBUG")
SECRET_KEY = os.environ.get("DATELINE_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_bool("DATELINE_PRODUCTION"):
        raise RuntimeError("DATELINE_SECRET_KEY must be set in production")
    # One random key per install, made on first start and kept in var/secret-key.txt (0600).
    SECRET_KEY = install_secret_key(VAR_DIR)

ALLOWED_HOSTS = env_list("DATELINE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DATELINE_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "dateline.news",
    "dateline.wire",
    "dateline.desk",
    "dateline.audience",
    "dateline.operations",
    "dateline.search",
    "dateline.api",
    "wagtail.api.v2",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "dateline.audience.trending.middleware.BeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "dateline.security.headers.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "dateline.news.middleware.PublicCacheMiddleware",
    "dateline.news.middleware.GoneMiddleware",
]

ROOT_URLCONF = "dateline.urls"
WSGI_APPLICATION = "dateline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "dateline.news.context_processors.newsroom",
                "dateline.news.fragments.edge_includes",
                "dateline.audience.trending.context_processors.trending",
            ],
        },
    },
]

# Database: SQLite (WAL) in ./var unless DATABASE_URL names another.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dateline.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # One test database per test run, so concurrent runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Sites (or test runs) sharing one Redis database keep to keys of their own.
            "KEY_PREFIX": os.environ.get("DATELINE_CACHE_KEY_PREFIX", ""),
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
elif os.environ.get("DATELINE_CACHE_DIR"):
    # One box, several processes (web workers, scheduler): a cache they all share, so a kill
    # clears the lists every process serves, not only the one the desk ran in.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["DATELINE_CACHE_DIR"],
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background tasks: the database queue on one box; Redis (RQ) when a newsroom outgrows it.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASK_BACKEND = os.environ.get("DATELINE_TASK_BACKEND", "database")
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(TASK_BACKEND, TASK_BACKEND)}}
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise RuntimeError("DATELINE_TASK_BACKEND=rq needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 900}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
# The zone readers and editors see times in, Wagtail's screens included; stored times stay UTC.
DATELINE_DISPLAY_TIME_ZONE = os.environ.get("DATELINE_TIME_ZONE", "Asia/Kolkata")
TIME_ZONE = DATELINE_DISPLAY_TIME_ZONE
DATELINE_SITE_NAME = os.environ.get("DATELINE_SITE_NAME", "Dateline")
DATELINE_DESK_NAME = os.environ.get("DATELINE_DESK_NAME", "Dateline News Desk")
# Desk flags that hold a new story for an editor even when its source publishes at once.
DATELINE_HOLD_FLAGS = env_list(
    "DATELINE_HOLD_FLAGS", "dateline-differs-from-focus,country-close-call"
)
# The languages the site publishes (ISO 639-1, "*" for any): copy in another language waits
# for an editor even when its source publishes at once.
DATELINE_SITE_LANGUAGES = env_list("DATELINE_SITE_LANGUAGES", "en")
# The line closing a desk article: "generic" keeps the reference wording "(With inputs from
# agencies.)"; "agencies" names them ("(With inputs from Reuters and AFP.)").
DATELINE_ATTRIBUTION = os.environ.get("DATELINE_ATTRIBUTION", "generic")
if DATELINE_ATTRIBUTION not in ("generic", "agencies"):
    raise RuntimeError("DATELINE_ATTRIBUTION must be 'generic' or 'agencies'")
DATELINE_SITE_URL = os.environ.get("DATELINE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DATELINE_CACHE_SECONDS = int(os.environ.get("DATELINE_CACHE_SECONDS", "300"))
# Behind Varnish, pages include Latest and Trending as ESI fragments that live this long.
DATELINE_EDGE_INCLUDES = env_bool("DATELINE_EDGE_INCLUDES")
DATELINE_FRAGMENT_SECONDS = int(os.environ.get("DATELINE_FRAGMENT_SECONDS", "30"))
# Optional rewriting model (any OpenAI-compatible endpoint); the desk drafts without it.
DATELINE_REWRITER_URL = os.environ.get("DATELINE_REWRITER_URL", "")
DATELINE_REWRITER_API_KEY = os.environ.get("DATELINE_REWRITER_API_KEY", "")
DATELINE_REWRITER_MODEL = os.environ.get("DATELINE_REWRITER_MODEL", "")
DATELINE_REWRITER_TIMEOUT = float(os.environ.get("DATELINE_REWRITER_TIMEOUT", "20"))

# Periodic jobs `dateline worker` runs: (dotted path of a no-argument callable, seconds).
DATELINE_PERIODIC_JOBS = [
    ("dateline.wire.jobs.poll_sources", 30),
    # The desk is queued whenever the wire stores records; this turn catches up on any missed.
    ("dateline.desk.tasks.place_stored_records", 60),
    ("dateline.desk.release.publish_scheduled", 30),  # embargoed articles out on time
    ("dateline.audience.trending.tasks.refresh_trending", 60),
    ("dateline.audience.newsletter.tasks.send_due_digests", 600),
]
DATELINE_WIRE_HTTP_TIMEOUT = float(os.environ.get("DATELINE_WIRE_HTTP_TIMEOUT", "20"))
DATELINE_WIRE_FOLDER_SETTLE_SECONDS = 2.0  # a file younger than this may still be written
# Folder sources may only watch folders below this one (checked again at every scan).
DATELINE_WIRE_FOLDER_ROOT = Path(
    os.environ.get("DATELINE_WIRE_FOLDER_ROOT", VAR_DIR / "wire-inbox")
).resolve()
# HTTP sources never reach internal addresses (loopback, private, link-local...) except
# through these host names, for an agency gateway inside the newsroom's network.
DATELINE_WIRE_INTERNAL_HOSTS = env_list("DATELINE_WIRE_INTERNAL_HOSTS")
# Trending: a read loses half its weight every HALF_LIFE hours; a web process keeps reads in
# memory and writes them in one batch with the first read after FLUSH seconds (and at exit).
DATELINE_TRENDING_HALF_LIFE_HOURS = float(os.environ.get("DATELINE_TRENDING_HALF_LIFE_HOURS", "6"))
DATELINE_TRENDING_FLUSH_SECONDS = float(os.environ.get("DATELINE_TRENDING_FLUSH_SECONDS", "2"))
# Feedback: the desk address told of each new message (empty: none sent).
DATELINE_FEEDBACK_NOTIFY = os.environ.get("DATELINE_FEEDBACK_NOTIFY", "")
# Proxies (addresses or networks) whose X-Forwarded-For names the reader, for read counts and
# rate limits; gunicorn's forwarded_allow_ips reads the same variable. Loopback: Varnish on
# the same box. A peer not listed is taken as the reader, whatever header it sends.
DATELINE_TRUSTED_PROXIES = env_list("DATELINE_TRUSTED_PROXIES", "127.0.0.1,::1")

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DATELINE_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DATELINE_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# The embedded default serves uploaded images itself; production leaves that to the web server.
DATELINE_SERVE_MEDIA = env_bool("DATELINE_SERVE_MEDIA", not env_bool("DATELINE_PRODUCTION"))

EMAIL_BACKEND = os.environ.get(
    "DATELINE_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("DATELINE_FROM_EMAIL", "newsroom@dateline.invalid")
# Newsletter: sender, the mailbox named in List-Unsubscribe (default unsubscribe@<sender's
# domain>), and the local hour at which each daily/weekly period ends.
DATELINE_NEWSLETTER_FROM = os.environ.get(
    "DATELINE_NEWSLETTER_FROM", f"{DATELINE_SITE_NAME} <{DEFAULT_FROM_EMAIL}>"
)
DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get(
    "DATELINE_NEWSLETTER_UNSUBSCRIBE_MAILTO", ""
)
DATELINE_NEWSLETTER_SEND_HOUR = int(os.environ.get("DATELINE_NEWSLETTER_SEND_HOUR", "6"))

WAGTAIL_SITE_NAME = DATELINE_SITE_NAME
# Sign-in with wrong passwords counted per username and per address (dateline.security).
WAGTAILADMIN_USER_LOGIN_FORM = "dateline.security.logins.ThrottledWagtailLoginForm"
WAGTAILADMIN_BASE_URL = DATELINE_SITE_URL
WAGTAILIMAGES_IMAGE_MODEL = "news.NewsImage"
# The database backend (SQLite FTS5 / PostgreSQL full text) with SQLite ranking that scales;
# "wagtail.search.backends.opensearch2" etc. work here unchanged.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "dateline.search.backends"}}
WAGTAIL_I18N_ENABLED = False
# Addresses in readable ASCII whatever the headline's script (the editor's slug field and the
# desk transliterate alike).
WAGTAIL_ALLOW_UNICODE_SLUGS = False

FRONTEND_CACHE_URL = os.environ.get("DATELINE_FRONTEND_CACHE_URL", "")
if FRONTEND_CACHE_URL:
    WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_URL,
            # Which site hosts this cache serves; purges for other hosts are not sent to it.
            "HOSTNAMES": env_list("DATELINE_FRONTEND_CACHE_HOSTNAMES", "*"),
        }
    }

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn which site a reader came from, never which page.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if env_bool("DATELINE_PRODUCTION"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DATELINE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DATELINE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DATELINE_LOG_LEVEL", "WARNING")},
}
