"""pina.caching.fragments.remember_many: several cached values in one round trip, under the content
version."""

import pytest

from pina.caching import fragments, version

from .test_page_cache import BrokenCache

pytestmark = pytest.mark.django_db


class Computer:
    """A compute function that records which names it was asked for."""

    def __init__(self, prefix="value"):
        self.asked, self.prefix = [], prefix

    def __call__(self, names):
        self.asked.append(list(names))
        return {name: f"{self.prefix} of {name}" for name in names}


def test_only_the_missing_names_are_computed():
    compute = Computer()
    assert fragments.remember_many(["a", "b"], compute) == {"a": "value of a", "b": "value of b"}
    assert fragments.remember_many(["b", "c"], compute) == {"b": "value of b", "c": "value of c"}
    assert compute.asked == [["a", "b"], ["c"]]


def test_a_name_compute_leaves_out_is_left_out_and_asked_for_again():
    def only_a(names):
        return {name: 1 for name in names if name == "a"}

    assert fragments.remember_many(["a", "gone"], only_a) == {"a": 1}
    compute = Computer()
    assert fragments.remember_many(["a", "gone"], compute)["gone"] == "value of gone"
    assert compute.asked == [["gone"]]


def test_a_content_change_computes_every_name_again():
    fragments.remember_many(["a", "b"], Computer("old"))
    version.bump_version()
    fresh = Computer("new")
    assert fragments.remember_many(["a", "b"], fresh) == {"a": "new of a", "b": "new of b"}
    assert fresh.asked == [["a", "b"]]


def test_remember_is_remember_many_of_one_name():
    calls = []
    assert fragments.remember("x", lambda: calls.append(1) or 42) == 42
    assert fragments.remember("x", lambda: calls.append(1) or 43) == 42
    assert fragments.remember_many(["x"], Computer()) == {"x": 42}
    assert calls == [1]


def test_a_broken_cache_computes_everything(monkeypatch):
    monkeypatch.setattr(version, "shared_cache", BrokenCache)
    monkeypatch.setattr(fragments, "shared_cache", BrokenCache)
    compute = Computer()
    assert fragments.remember_many(["a", "b"], compute) == {"a": "value of a", "b": "value of b"}
    assert compute.asked == [["a", "b"]]


def test_values_this_process_holds_are_not_fetched_again(monkeypatch):
    fragments.remember_many(["a", "b"], Computer())
    cache = version.shared_cache()
    asked = []
    real_get_many = cache.get_many

    def spy(keys, *args, **kwargs):
        asked.append(list(keys))
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", spy)
    monkeypatch.setattr(fragments, "shared_cache", lambda: cache)
    compute = Computer()
    assert fragments.remember_many(["a", "b"], compute) == {"a": "value of a", "b": "value of b"}
    assert asked == [[version.VERSION_KEY]]  # the version only: a and b come from memory
    assert compute.asked == []


def test_a_long_name_from_an_address_makes_a_short_key(recwarn):
    # An article's slug comes from the address: a made-up one must neither make a key
    # memcached refuses nor share a key with another long name.
    long_name, other = "news:post:en:" + "9" * 600, "news:post:en:" + "9" * 599 + "8"
    assert fragments.remember(long_name, lambda: "first") == "first"
    assert fragments.remember(other, lambda: "second") == "second"
    assert fragments.remember(long_name, lambda: "again") == "first"
    assert len(fragments._key(long_name)) < 250
    assert not [w for w in recwarn if "memcached" in str(w.message)]
