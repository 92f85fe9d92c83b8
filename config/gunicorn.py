"""gunicorn's settings for the web nodes: the Dockerfile, docker/entrypoint-web.sh and
`make load` start `gunicorn config.wsgi:application --config config/gunicorn.py`.

Chosen by measurement (`make load`, docs/performance.md "Server settings", 2 cores): sync
workers, one per core and one more, with persistent database connections, served the
deadline-day mix best. Five workers, or two workers with four threads each (with or without
psycopg's pool), gave no more throughput under the GIL. A new connection per request halved it.
The proxy in front keeps the client connections alive, not gunicorn.
Each setting can be changed by the environment (GUNICORN_*) without rebuilding the image.

    python config/gunicorn.py --describe   # prints the settings as the environment gives them
"""

import os
import sys

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Threads need the threaded worker; it is also the one that keeps connections alive.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread" if threads > 1 else "sync")
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Decision documents are made by the Celery worker, not in a request: a minute is generous.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests (the jitter keeps them from restarting
# together), so a slow leak in a library cannot grow a worker without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"


def describe() -> str:
    return (
        f"{workers} {worker_class} workers × {threads} thread{'s' if threads > 1 else ''}, "
        f"keep-alive {keepalive} s"
    )


if __name__ == "__main__" and "--describe" in sys.argv:
    print(describe())
