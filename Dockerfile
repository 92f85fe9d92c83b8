# syntax=docker/dockerfile:1
# Länsmedel production image: gunicorn serves Django, WhiteNoise serves the
# collected static files; the same image runs the Celery worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_SETTINGS_MODULE=config.settings \
    LANSMEDEL_DATA_DIR=/data

# Runtime libraries for WeasyPrint (PDF reports), a default font, and gettext
# for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app \
    && mkdir -p /app /data \
    && chown app:app /app /data

WORKDIR /app

# Dependencies first (from pyproject.toml [project] dependencies) so that code
# changes do not reinstall them.
COPY pyproject.toml ./
RUN python -c "import subprocess, sys, tomllib; \
deps = tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']; \
subprocess.run([sys.executable, '-m', 'pip', 'install', *deps], check=True)"

COPY --chown=app:app . .
RUN pip install . && rm -rf build *.egg-info

USER app

# Static files are collected with production storage (hashed names + manifest,
# compressed by WhiteNoise). The key below exists only for this build step.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-build-only-key-not-used-at-runtime \
        python manage.py collectstatic --noinput \
    && if find . -name '*.po' -not -path './node_modules/*' | grep -q .; then \
        DJANGO_DEBUG=0 DJANGO_SECRET_KEY=compilemessages-build-only-key-not-used-at-runtime \
            python manage.py compilemessages; \
    fi

VOLUME ["/data"]
EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--config", "config/gunicorn.py", \
     "--bind", "0.0.0.0:8000"]
