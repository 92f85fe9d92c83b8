"""Each parallel test worker gets services of its own (loaded with `-p tests.xdist_isolation`).

pytest-django gives every xdist worker its own test database; this gives it its own Redis
database (broker, results and cache: a worker's Celery tasks are never consumed by another's)
and its own file cache. It runs when the plugin is imported, before Django reads its settings.
"""

import os
import re

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw"):
    index = int(_worker[2:])
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        match = re.search(r"/(\d+)$", redis_url)
        base = int(match.group(1)) if match else 0
        db = (base - index) % 16
        os.environ["REDIS_URL"] = re.sub(r"(/\d+)?$", f"/{db}", redis_url, count=1)
    project = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    cache_dir = os.environ.get("CACHE_DIR") or os.path.join(project, "var", "cache")
    os.environ["CACHE_DIR"] = f"{cache_dir}-{_worker}"
