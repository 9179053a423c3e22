"""The site's settings with the benchmark's URLconf, which adds the ceiling view: the bench's
processes run with DJANGO_SETTINGS_MODULE pointing here, the shipped site never does."""

from pina.settings import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
