"""gunicorn settings for Samverkansväv: ``gunicorn -c gunicorn.conf.py wsgi:server``.

Defaults suit one server behind a reverse proxy (nginx, Apache) that terminates
HTTPS and passes the ``Host`` header on; override them with the environment
variables named below.
"""

import os

# Listen on loopback only: the reverse proxy is the public face.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each handles one request at a time, so a slow upload parse
# blocks only its own worker. Four suit a small (2-core) server. Upload checks
# take one of SAMVERKANSVAV_MAX_PARALLEL_PARSES slots (default 2, shared by all
# workers) before their body is parsed, so at least two workers always serve
# the reading views; keep that setting below the number of workers.
workers = int(os.environ.get("GUNICORN_WORKERS", os.environ.get("WEB_CONCURRENCY", "4")))
worker_class = "sync"
# Reading an uploaded file may take up to SAMVERKANSVAV_PARSE_TIMEOUT_S (60 s by
# default) plus the import itself; give it room, then kill the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Build the app (and compute the dataset) once in the master, then fork: the
# workers share it copy-on-write and start instantly.
preload_app = True
# Recycle workers now and then so that memory growth cannot accumulate.
max_requests = 2000
max_requests_jitter = 200
# Request-line and header limits (the body limit is MAX_CONTENT_LENGTH in the app).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Trust X-Forwarded-* only from the local proxy. The app itself takes the client IP
# (throttling, audit log) from X-Forwarded-For only when the peer is listed in
# SAMVERKANSVAV_TRUSTED_PROXIES.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log to stdout, errors and application/audit log to stderr. The access
# log has no query bodies, cookies or passwords: method, path, status, size, time.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
capture_output = True
proc_name = "samverkansvav"


def post_fork(server, worker):  # noqa: ARG001 - gunicorn's hook signature
    """Give each worker its own database connections (never share a socket across fork)."""
    try:
        import gc

        import sqlalchemy.pool  # noqa: F401 - only to know SQLAlchemy is there
        from sqlalchemy.engine import Engine

        for obj in gc.get_objects():
            if isinstance(obj, Engine):
                # close=False: drop the inherited pool without closing the parent's connections.
                obj.dispose(close=False)
    except Exception:  # noqa: BLE001 - a worker must start even if this tidy-up fails
        pass
