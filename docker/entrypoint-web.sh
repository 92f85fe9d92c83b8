#!/bin/sh
# Web container: apply migrations, then hand PID 1 over to gunicorn.
set -eu

python manage.py migrate --noinput

# Workers, threads, keep-alive and timeouts: config/gunicorn.py (GUNICORN_* override them).
exec gunicorn config.wsgi:application \
    --config config/gunicorn.py \
    --bind 0.0.0.0:8000 \
    "$@"
