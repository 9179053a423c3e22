# PINA's image: gunicorn serving the site, the same image for the migrate, web and scheduler
# services of compose.yaml (docs/deploy.md). Python 3.11 on Debian bookworm: the official slim
# image by default; BASE_IMAGE may name any bookworm image (deploy/smoke passes a plain Debian
# made with debootstrap, whose python3.11 is the same release), python3.11 is then installed
# from Debian.
ARG BASE_IMAGE=python:3.11-slim-bookworm

FROM ${BASE_IMAGE} AS python
# The official image has /usr/local/bin/python3.11; a plain Debian gets Debian's python3.11.
RUN if ! command -v python3.11 >/dev/null; then \
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        python3.11 python3.11-venv ca-certificates && rm -rf /var/lib/apt/lists/*; \
    fi
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# --- build: the virtualenv from the production lock only, hashes required ---------------------
FROM python AS build
RUN python3.11 -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# deploy/wheelhouse/ holds only its README in the repository; when it holds the lock's files
# (offline builds, see the README) pip uses them and nothing else, hashes still checked.
COPY deploy/wheelhouse/ /tmp/wheelhouse/
RUN set -e; offline=""; \
    if ls /tmp/wheelhouse | grep -qv README.md; then offline="--no-index --find-links /tmp/wheelhouse"; fi; \
    /opt/venv/bin/pip install --no-cache-dir $offline --require-hashes --no-deps -r /tmp/requirements.lock

# --- app: code, collected and compressed static files, an unprivileged user --------------------
FROM python AS app
# Backups (manage.py backup_site, run by the scheduler): pg_dump/pg_restore of PostgreSQL 15 (the
# stack's, and bookworm's) and GnuPG to encrypt them.
RUN apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      postgresql-client-15 gnupg && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 pina \
 && useradd --system --uid 10001 --gid pina --home-dir /app --shell /usr/sbin/nologin pina
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    BACKUP_DIR=/app/backups
WORKDIR /app
COPY --chown=root:root . /app
# collectstatic needs settings but no database: a throwaway key, debug off so that the manifest
# (hashed names) and whitenoise's gzip/Brotli copies are written, as production serves them.
RUN DJANGO_SECRET_KEY=collectstatic-only DJANGO_DEBUG=0 DJANGO_ALLOWED_HOSTS=localhost \
      python manage.py collectstatic --noinput -v 0
# Mount points of the media and static volumes, owned by the user so a fresh volume is too.
RUN mkdir -p /app/media /app/backups /srv/pina/static \
 && chown pina:pina /app/media /app/backups /srv/pina/static
USER pina
EXPOSE 8000
# /healthz answers 200 while the database answers (503 with Retry-After when it does not).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD python -c "import os,sys,urllib.request as u; sys.exit(0 if u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=2).status == 200 else 1)"
CMD ["gunicorn", "--config", "gunicorn.conf.py", "pina.wsgi"]
