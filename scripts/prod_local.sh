#!/usr/bin/env bash
# Run the production-like stack on this machine: PostgreSQL, DEBUG off,
# collected static files through WhiteNoise, gunicorn with 2 workers.
# Plain HTTP on 127.0.0.1 (DJANGO_HTTPS=0); in production nginx terminates TLS.
#   scripts/prod_local.sh            # database tracker_prod, port 8001
#   DB=tracker_x PORT=8002 scripts/prod_local.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-tracker_prod}
PORT=${PORT:-8001}
make install >/dev/null
psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DB"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
export DJANGO_DEBUG=0 DJANGO_HTTPS=0
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")}
export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$PWD/staticfiles}
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py compilemessages --ignore '.venv/*' -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py seed_demo
exec .venv/bin/gunicorn config.wsgi --workers "${WORKERS:-2}" --bind "127.0.0.1:$PORT" \
  --no-control-socket --access-logfile - --timeout 60
