"""gunicorn's settings for the image and the systemd unit (docs/deploy.md): everything an
operator may change comes from the environment (GUNICORN_WORKERS, GUNICORN_TIMEOUT, PORT), the
rest is fixed here so that every server runs the site the same way. The access log records the
method, the path without its query string, the status, the size and the time taken: no query
strings (signed links and e-mail addresses travel in them), no visitor address, no referrer and
no user agent, which together identify a person.
"""

import os

# All interfaces inside a container (the proxy is another container); the systemd unit and the
# podman smoke set GUNICORN_BIND_HOST=127.0.0.1.
bind = f"{os.environ.get('GUNICORN_BIND_HOST', '0.0.0.0')}:{os.environ.get('PORT', '8000')}"  # noqa: S104
# Sync workers: the site's pages are CPU-bound renders or cache reads; 2 per core is gunicorn's
# rule of thumb, 2 the default for the small servers this is written for.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
# A request that takes longer than this is a bug or a hung database: kill the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# nginx keeps connections to the upstream short; a little longer than its keepalive.
keepalive = 5
# A worker is replaced after this many requests (memory growth in a long-lived process).
max_requests = 2000
max_requests_jitter = 200
# Logs on stdout/stderr: the container runtime or journald keeps them.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else None
errorlog = "-"
# %(U)s is the path without the query string; no %(h)s, %(q)s, %(a)s, %(f)s.
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# X-Forwarded-Proto from the proxy in front (nginx on the same host or network).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "*")
