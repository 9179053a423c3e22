import uuid
from importlib import import_module

import pytest
from django.apps import apps as installed_apps
from django.contrib.auth.models import Group
from django.core.cache import cache, caches
from django.utils import translation

from pina.security.groups import EDITORS, VOLUNTEER_COORDINATORS

# Rows that data migrations create. A transactional test (live server, threads) ends with a
# flush that removes them, and pytest does not always run such tests last; restoring them
# here keeps every test independent of the order tests run in.
DATA_MIGRATIONS = [
    ("pina", "0002_staff_groups", ["create_groups"]),
    ("news", "0002_editors_permissions", ["grant"]),
    ("events", "0002_editors_permissions", ["grant"]),
    ("events", "0006_helplines", ["grant_helplines"]),
    ("volunteers", "0002_choices_and_permissions", ["seed_choices", "grant"]),
]


def _uses_database(request):
    names = request.fixturenames
    return bool(
        request.node.get_closest_marker("django_db")
        or {"db", "transactional_db", "live_server"} & set(names)
    )


@pytest.fixture(autouse=True)
def _data_from_migrations(request, django_db_setup, django_db_blocker):
    if not _uses_database(request):
        return
    with django_db_blocker.unblock():
        if Group.objects.filter(name=EDITORS).exists():
            return
        for app_label, migration, functions in DATA_MIGRATIONS:
            module = import_module(f"{app_label}.migrations.{migration}")
            for name in functions:
                getattr(module, name)(installed_apps, None)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Every test starts with an empty cache, so cached pages and settings never leak across
    (nor rate-limit counters, which have a cache of their own)."""
    cache.clear()
    caches["ratelimit"].clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request leaves its language active in the
    thread (LocaleMiddleware activates it and nothing deactivates it), so an admin page fetched
    in Russian would otherwise turn the next test's messages Russian."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Lockout and login tests hash many passwords; the real hasher is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct-horse-battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user(
        "coordinator", "coordinator@example.org", "correct-horse-battery", is_staff=True
    )
    user.groups.add(Group.objects.get(name=VOLUNTEER_COORDINATORS))
    return user


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser(
        "root", "root@example.org", "correct-horse-battery"
    )


@pytest.fixture(scope="session")
def moto_server(tmp_path_factory):
    """moto's S3-compatible server, a process of its own as in the scale tests."""
    pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")
    from tests.scale.topology import MotoServer

    server = MotoServer(tmp_path_factory.mktemp("moto")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_media(moto_server, settings, monkeypatch):
    """The default storage on a new bucket of the moto server; gives a function that lists
    the bucket's keys."""
    import boto3

    for name, value in {
        "AWS_ACCESS_KEY_ID": "moto-key",
        "AWS_SECRET_ACCESS_KEY": "moto-secret",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=moto_server.url, region_name="us-east-1")
    bucket = f"media-{uuid.uuid4().hex}"
    s3.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": moto_server.url,
                "region_name": "us-east-1",
            },
        },
    }

    def keys():
        listing = s3.list_objects_v2(Bucket=bucket)
        return sorted(entry["Key"] for entry in listing.get("Contents", []))

    return keys


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Database tests in transactions first, then transactional ones, then those without a
    database, and browser tests last of all, after every other plugin has had its say.

    pytest-django sorts by the first three groups too, but its order did not survive collection
    here. A transactional test's teardown empties the database (the data-migration rows are
    restored by `_data_from_migrations`). Playwright's sync API keeps an asyncio event loop
    running in the test thread from the first browser test on, and Django then hands out
    database connections per async context: a later test could run on a second connection that
    does not see its own transaction.
    """

    def order(item):
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = "transactional_db" in fixtures or "live_server" in fixtures
        if marker is not None:
            transactional = transactional or marker.kwargs.get("transaction", False)
        if transactional:
            group = 1
        elif marker is not None or "db" in fixtures:
            group = 0
        else:
            group = 2
        return (item.get_closest_marker("browser") is not None, group)

    items.sort(key=order)
