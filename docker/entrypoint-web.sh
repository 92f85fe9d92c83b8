#!/bin/sh
# Web container: apply migrations, then hand PID 1 over to gunicorn.
set -eu

python manage.py migrate --noinput

exec gunicorn config.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${GUNICORN_WORKERS:-3}" \
    --access-logfile - \
    --error-logfile - \
    "$@"
