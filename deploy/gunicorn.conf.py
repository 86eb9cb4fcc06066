"""gunicorn settings for Dateline's web workers; every value can be overridden from the environment."""

import multiprocessing
import os

bind = os.environ.get("DATELINE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("DATELINE_THREADS", "2"))
worker_class = "gthread"
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak can never take a box down.
max_requests = int(os.environ.get("DATELINE_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("DATELINE_ACCESS_LOG", "-")
errorlog = "-"
# The proxies whose forwarded headers are believed; the app reads the same list to find the
# reader's address in X-Forwarded-For (Varnish on this box by default).
forwarded_allow_ips = os.environ.get("DATELINE_TRUSTED_PROXIES", "127.0.0.1,::1")
wsgi_app = "dateline.wsgi:application"
