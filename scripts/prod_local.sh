#!/usr/bin/env bash
# A production-shaped stack on this machine (docs/PRODUCTION.md):
#   nginx (127.0.0.1:$PORT) → two app servers (gunicorn, 127.0.0.1:8101 and :8102)
#   → PostgreSQL (database $DB); Redis (cache, sessions, Celery's broker);
#   one Celery worker and exactly one Celery beat; evidence and exports on
#   S3-compatible storage (moto's S3 server on 127.0.0.1:9000 stands in for MinIO,
#   unless AWS_S3_ENDPOINT_URL names a real one).
# Plain HTTP on 127.0.0.1 (DJANGO_HTTPS=0); in production nginx terminates TLS.
#
#   scripts/prod_local.sh start      # install what is missing, migrate, seed the demo, start all
#   scripts/prod_local.sh status     # what runs
#   scripts/prod_local.sh stop       # stop everything it started (by pid file)
#   DB=tracker_x PORT=8090 RUN=/tmp/x scripts/prod_local.sh start
#
# Needs: PostgreSQL listening on 127.0.0.1:5432 (user postgres, trust) — it says so if not;
# nginx and redis-server are installed with apt-get when missing (as root), Python
# packages with `make install` ('.[dev]' includes the prod extras and moto's server).
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-tracker_prod}
PORT=${PORT:-8080}
APP_PORTS=${APP_PORTS:-"8101 8102"}
WORKERS=${WORKERS:-2}           # gunicorn workers per app server
S3_PORT=${S3_PORT:-9000}
RUN=${RUN:-/tmp/tracker-prod}
BODY_TIMEOUT=${BODY_TIMEOUT:-10}  # seconds nginx waits for a stalled request body or header
PY=.venv/bin/python

# --- what it needs -------------------------------------------------------------------------
need_packages() {
  local missing=()
  command -v nginx >/dev/null || missing+=(nginx)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if ((${#missing[@]})); then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "== apt-get install ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
        || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; }
    else
      echo "missing: ${missing[*]} — install them: sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "PostgreSQL is not accepting connections on 127.0.0.1:5432 —" \
         "apt-get install -y postgresql && service postgresql start (user postgres, trust)" >&2
    exit 1
  fi
  make install >/dev/null
}

running() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

wait_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on 127.0.0.1:$1 (see $RUN/*.log)" >&2
  exit 1
}

# --- the environment every process shares ----------------------------------------------
environment() {
  mkdir -p "$RUN"
  [ -s "$RUN/secret" ] || $PY -c "import secrets; print(secrets.token_urlsafe(50))" >"$RUN/secret"
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
  export DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_BEHIND_PROXY=1
  export DJANGO_SECRET_KEY; DJANGO_SECRET_KEY=$(cat "$RUN/secret")
  export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
  export DJANGO_STATIC_ROOT=${DJANGO_STATIC_ROOT:-$PWD/staticfiles}
  export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/1}                 # cache and sessions
  export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} # background work
  export DJANGO_MEDIA_STORAGE=s3
  export AWS_STORAGE_BUCKET_NAME=${AWS_STORAGE_BUCKET_NAME:-tracker-evidence}
  export AWS_S3_REGION_NAME=${AWS_S3_REGION_NAME:-us-east-1}
  export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-local-key} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-local-secret}
  export LOCAL_S3=${AWS_S3_ENDPOINT_URL:+0}
  export AWS_S3_ENDPOINT_URL=${AWS_S3_ENDPOINT_URL:-http://127.0.0.1:$S3_PORT}
}

start() {
  need_packages
  environment
  if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" \
      --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log"
    sleep 0.5
  fi
  if [ "${LOCAL_S3:-1}" != 0 ] && ! running s3; then
    # moto keeps objects in memory: fine for a local stack, not for real evidence.
    .venv/bin/moto_server -H 127.0.0.1 -p "$S3_PORT" >"$RUN/s3.log" 2>&1 &
    echo $! >"$RUN/s3.pid"
    wait_port "$S3_PORT"
  fi
  $PY - <<'PY'
import os, boto3, botocore
s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
                  region_name=os.environ["AWS_S3_REGION_NAME"])
try:
    s3.head_bucket(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"])
except botocore.exceptions.ClientError:
    s3.create_bucket(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"])
PY
  psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE $DB"
  $PY manage.py migrate --noinput -v 0
  $PY manage.py compilemessages --ignore '.venv/*' -v 0
  $PY manage.py collectstatic --noinput -v 0
  $PY manage.py seed_demo >"$RUN/seed.log"
  for port in $APP_PORTS; do
    running "app-$port" && continue
    .venv/bin/gunicorn config.wsgi --workers "$WORKERS" --bind "127.0.0.1:$port" \
      --no-control-socket --timeout 60 --pid "$RUN/app-$port.pid" --daemon \
      --error-logfile "$RUN/app-$port.log"
  done
  running worker || .venv/bin/celery -A config worker --concurrency 1 -l info -n "worker@%h" \
    --pidfile "$RUN/worker.pid" --logfile "$RUN/worker.log" --detach
  # Exactly one beat in the whole deployment: its pid file refuses a second one here;
  # on several machines, run it on one only (docs/PRODUCTION.md).
  running beat || .venv/bin/celery -A config beat -l info --schedule "$RUN/beat-schedule" \
    --pidfile "$RUN/beat.pid" --logfile "$RUN/beat.log" --detach
  nginx_conf >"$RUN/nginx.conf"
  for port in $APP_PORTS; do wait_port "$port"; done
  running nginx || nginx -c "$RUN/nginx.conf" -p "$RUN"
  wait_port "$PORT"
  echo "stack up: http://127.0.0.1:$PORT/ (nginx → 127.0.0.1:${APP_PORTS// /, :}); logs in $RUN"
  echo "database $DB, S3 $AWS_S3_ENDPOINT_URL bucket $AWS_STORAGE_BUCKET_NAME, broker $CELERY_BROKER_URL"
}

nginx_conf() {
  cat <<CONF
# Generated by scripts/prod_local.sh (docs/deploy/nginx.conf is the production one).
worker_processes 1;
pid $RUN/nginx.pid;
error_log $RUN/nginx-error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path $RUN/nginx-body;
  proxy_temp_path $RUN/nginx-proxy;
  fastcgi_temp_path $RUN/nginx-fastcgi;
  uwsgi_temp_path $RUN/nginx-uwsgi;
  scgi_temp_path $RUN/nginx-scgi;
  upstream tracker {
$(for port in $APP_PORTS; do echo "    server 127.0.0.1:$port;"; done)
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$PORT;
    client_max_body_size 110m;
    # Slow clients wait here, not in a gunicorn worker: nginx reads the whole body
    # first and answers 408 to one that stops sending (docs/PRODUCTION.md).
    client_body_timeout ${BODY_TIMEOUT}s;
    client_header_timeout ${BODY_TIMEOUT}s;
    location / {
      proxy_pass http://tracker;
      proxy_request_buffering on;
      proxy_set_header X-Request-ID \$request_id;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Real-IP \$remote_addr;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 120s;
    }
  }
}
CONF
}

stop() {
  for name in nginx beat worker $(for p in $APP_PORTS; do echo "app-$p"; done) s3; do
    if running "$name"; then
      kill -TERM "$(cat "$RUN/$name.pid")" && echo "stopped $name"
    fi
    rm -f "$RUN/$name.pid"
  done
  if running redis; then kill -TERM "$(cat "$RUN/redis.pid")" && echo "stopped redis"; fi
}

status() {
  for name in nginx beat worker $(for p in $APP_PORTS; do echo "app-$p"; done) s3 redis; do
    if running "$name"; then echo "$name: running (pid $(cat "$RUN/$name.pid"))"; else echo "$name: -"; fi
  done
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
