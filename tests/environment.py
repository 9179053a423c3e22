"""Loaded as a pytest plugin (see pyproject.toml) before Django reads its settings.

Tests run with production settings (debug off) except HTTPS, which the test client does not
speak, and hashed static names, which need collectstatic. DATABASE_URL is left to the caller.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-any-real-site-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
# The page cache is off except in the tests that turn it on (tests/pina/caching/).
os.environ.setdefault("DJANGO_PAGE_CACHE", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# Production settings need the public address (system check pina.E010); the test client's host.
os.environ.setdefault("SITE_URL", "http://testserver")
# Two-factor login is off so tests can `force_login` staff and open the admin; the tests of
# two-factor authentication turn it on themselves (tests/pina/security/test_two_factor.py).
os.environ.setdefault("PINA_REQUIRE_2FA", "0")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="pina-test-media-"))
# Playwright's sync API runs an event loop in the test thread; Django's live server is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server of the browser tests serves uploaded files, so cover images load there.
os.environ.setdefault("DJANGO_SERVE_MEDIA", "1")
# Tests run in one process, where the local-memory cache is shared by every request.
os.environ.setdefault("DJANGO_FRAGMENT_CACHE", "1")
# One process: its own memory is the whole cache (and keeps query counts free of cache SQL).
# Servers that tests start (tests/pina/ops/servers.py) get the shared database cache.
os.environ.setdefault("DJANGO_CACHE", "locmem")
