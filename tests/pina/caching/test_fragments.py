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


class Sections:
    """A compute function for lazy_sections that counts its calls."""

    def __init__(self, prefix="value"):
        self.calls, self.prefix = 0, prefix

    def __call__(self):
        self.calls += 1
        return {"a": f"{self.prefix} a", "b": f"{self.prefix} b", "unused": "never shown"}


def test_lazy_sections_compute_nothing_until_a_section_is_read():
    compute = Sections()
    sections = fragments.lazy_sections(["a", "b"], compute)
    assert sorted(sections) == ["a", "b"]
    assert compute.calls == 0


def test_lazy_sections_compute_once_and_serve_each_name():
    compute = Sections()
    sections = fragments.lazy_sections(["a", "b"], compute)
    assert sections["b"]() == "value b"
    assert sections["a"]() == "value a"
    assert sections["b"]() == "value b"
    assert compute.calls == 1


def test_remembered_lazy_sections_are_computed_once_for_all_requests():
    first, second = Sections("first"), Sections("second")
    assert fragments.lazy_sections(["a"], first, remembered_as="test:sections")["a"]() == "first a"
    again = fragments.lazy_sections(["a", "b"], second, remembered_as="test:sections")
    assert (again["a"](), again["b"]()) == ("first a", "first b")
    assert (first.calls, second.calls) == (1, 0)
    version.bump_version()
    fresh = fragments.lazy_sections(["b"], second, remembered_as="test:sections")
    assert fresh["b"]() == "second b" and second.calls == 1


def test_unremembered_lazy_sections_are_computed_again_for_each_request():
    compute = Sections()
    for _request in range(2):
        assert fragments.lazy_sections(["a"], compute)["a"]() == "value a"
    assert compute.calls == 2


def test_a_template_reads_a_lazy_section_only_when_its_fragment_is_missing(rf):
    from django.template import engines

    template = engines["django"].from_string(
        '{% load fragment_tags %}{% content_cache "test-sections" %}{{ a }}{% endcontent_cache %}'
    )
    compute = Sections()
    request = rf.get("/")
    first = template.render(fragments.lazy_sections(["a"], compute), request)
    second = template.render(fragments.lazy_sections(["a"], compute), request)
    assert first == second == "value a"
    assert compute.calls == 1
