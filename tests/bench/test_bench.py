"""Plumbing of `make bench` (tests/bench/): its database, plugins, wrk parsing and the report.

The load test itself is not part of the suite (it runs gunicorn and wrk for minutes).
"""

import pytest

from tests.bench import report
from tests.bench.environment import bench_database_url, bench_environment
from tests.bench.inspection import inspect_page, time_changelist, unique_form
from tests.bench.load import parse_wrk_output
from tests.bench.plugins import Changelist, Dataset, Page, bulk_insert, discover


def test_bench_database_is_never_the_sites():
    assert bench_database_url({"DATABASE_URL": "postgres://u:p@db:5432/pina"}) == (
        "postgres://u:p@db:5432/pina_bench"
    )
    assert bench_database_url({"DATABASE_URL": "postgres://db/pina_bench"}).endswith("/pina_bench")
    assert bench_database_url({}).endswith("/.bench/bench.sqlite3")
    assert bench_database_url({"DATABASE_URL": "sqlite:////srv/pina/db.sqlite3"}).endswith(
        "/.bench/bench.sqlite3"
    )
    explicit = {"BENCH_DATABASE_URL": "postgres://db/elsewhere", "DATABASE_URL": "postgres://x/y"}
    assert bench_database_url(explicit) == "postgres://db/elsewhere"


def test_bench_runs_with_production_settings_and_its_own_secret():
    environ = bench_environment({"DATABASE_URL": "postgres://db/pina", "DJANGO_DEBUG": "1"})
    assert environ["DJANGO_DEBUG"] == "0"
    assert environ["DATABASE_URL"] == "postgres://db/pina_bench"
    assert environ["DJANGO_SETTINGS_MODULE"] == "tests.bench.settings"
    assert len(environ["DJANGO_SECRET_KEY"]) >= 50
    assert environ["DJANGO_SECRET_KEY"] != bench_environment({})["DJANGO_SECRET_KEY"]


def test_apps_plug_in_through_bench_data_modules():
    found = discover()
    assert [page.name for page in found.pages][:1] == ["home"]
    assert all(isinstance(page, Page) for page in found.pages)


def test_page_paths_and_forms_may_be_computed():
    page = Page("article", lambda: "/en/news/1/", "POST", form=lambda: {"email": "v{n}@x.org"})
    assert page.resolved_path() == "/en/news/1/"
    assert page.resolved_form_path() == "/en/news/1/"
    assert unique_form(page.resolved_form(), "abc") == {"email": "vabc@x.org"}


@pytest.mark.django_db
def test_bulk_insert_and_dataset_build(django_user_model):
    from django.contrib.auth.models import Group

    def build(size, log):
        bulk_insert(Group, (Group(name=f"group {i}") for i in range(size)), batch_size=7)

    dataset = Dataset("groups", "auth.Group", 20, build)
    before = Group.objects.count()
    dataset.build(dataset.size, print)
    assert dataset.model_class().objects.count() == before + 20


@pytest.mark.django_db
def test_in_process_facts_about_a_page_and_an_admin_list(settings):
    # The bench signs in as production requires: password and authenticator code.
    settings.PINA_REQUIRE_2FA = True
    facts = inspect_page(Page("home", "/en/"))
    assert facts["status"] == 200
    assert facts["queries"] == 0  # warm: sections, page shell and site settings are cached
    # Without any cached fragment the home page reads its sections and the site settings.
    assert facts["cold_queries"] >= 4
    assert facts["cold_ms"] > 0
    row = report.pages_table([facts])[2]
    assert f"| 0 | {facts['cold_queries']}, " in row
    assert facts["raw"] > facts["gzip"] > 0
    assert facts["br"] < facts["raw"]
    timing = time_changelist(Changelist("users", "/admin/auth/user/", "auth.User"), repeat=1)
    assert timing["status"] == 200
    assert timing["rows"] == 1  # the bench's own superuser
    assert timing["ms"] > 0


WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:8100/en/
  2 threads and 16 connections
BENCH_JSON {"requests": 3000, "duration_us": 3000000, "bytes": 1, "p50_us": 4200, "p95_us": 11000, "p99_us": 19000, "mean_us": 5000.0, "connect": 0, "read": 2, "write": 0, "status": 5, "timeout": 1}
"""  # noqa: E501


def test_wrk_result_is_parsed():
    result = parse_wrk_output(WRK_OUTPUT)
    assert result["rps"] == 1000
    assert result["p50_ms"] == 4.2
    assert result["p95_ms"] == 11
    assert result["p99_ms"] == 19
    assert result["non_2xx_3xx"] == 5
    assert result["socket_errors"] == 3
    with pytest.raises(RuntimeError):
        parse_wrk_output("segfault")


def sample(page, mode, connections, rps):
    return {
        "page": page,
        "mode": mode,
        "connections": connections,
        "rps": rps,
        "p50_ms": 1.0,
        "p95_ms": 1.5,
        "p99_ms": 2.0,
        "requests": int(rps),
        "non_2xx_3xx": 0,
        "socket_errors": 0,
    }


def test_rounds_are_summarised_by_their_median_and_compared_to_the_ceiling():
    samples = [sample("ceiling", "off", 16, rps) for rps in (1000, 1200, 5000)] + [
        sample("home", "off", 16, rps) for rps in (110, 120, 130)
    ]
    summary = report.aggregate(samples)
    assert summary[("ceiling", "off", 16)]["rps"] == 1200
    assert summary[("home", "off", 16)]["rounds"] == 3
    assert report.ratio_to_ceiling(summary, "home", "off", 16) == pytest.approx(0.1)
    table = "\n".join(report.throughput_table(summary, [{"name": "home"}], [16]))
    assert "| home | off | 120 | 1.0 / 1.5 / 2.0 | 10% |" in table


def test_a_run_replaces_only_its_own_section_of_the_document():
    first = report.update_document("", "sqlite-locmem", "## SQLite\nold\n")
    both = report.update_document(first, "postgresql-redis", "## PostgreSQL\n")
    again = report.update_document(both, "sqlite-locmem", "## SQLite\nnew\n")
    assert again.startswith("# Benchmarks")
    assert "## PostgreSQL" in again
    assert "new" in again
    assert "old" not in again
    assert again.count("# Benchmarks") == 1


@pytest.mark.django_db
def test_an_admin_list_that_redirects_is_an_error_not_a_time():
    from django.test import Client

    with pytest.raises(RuntimeError, match="302"):
        time_changelist(Changelist("users", "/admin/auth/user/", "auth.User"), client=Client())


def test_form_submissions_are_checked_for_lost_and_duplicated_rows():
    from tests.bench.__main__ import tally_posts

    tally = dict.fromkeys(
        ["successes", "rows", "in_flight", "lost", "duplicated", "refused", "runs"], 0
    )
    tally["name"] = "sign-up"
    tally_posts(tally, {"redirects": 100, "requests": 100}, (103, 103))
    assert report.form_problems([tally], 16) == []
    assert tally["in_flight"] == 3
    tally_posts(tally, {"redirects": 50, "requests": 52}, (50, 49))
    problems = report.form_problems([tally], 16)
    assert any("1 accepted submissions have no row" in p for p in problems)
    assert any("1 rows are duplicates" in p for p in problems)
    assert any("2 submissions were not accepted" in p for p in problems)


@pytest.mark.django_db
def test_the_venue_step_stores_every_sign_up_and_holds_the_bot(settings):
    from tests.bench import venue

    settings.VOLUNTEER_FORM_MIN_SECONDS = 3  # the step sets the shipped values itself
    result = venue.run(lambda message: None)
    assert venue.problems(result) == []
    assert (result["venue_stored"], result["venue_at_event"]) == (120, 120)
    assert result["bot_stored"] == 10
    assert result["bot_challenged_from"] == 10
    assert "| 120 people, one address, event link | 120 | 120" in "\n".join(venue.table(result))


def test_the_front_cache_table_gives_each_page_its_share_of_the_static_ceiling():
    from tests.bench import front

    def measured(rps):
        return {"rps": rps, "p95_ms": 2.0, "non_2xx_3xx": 0, "socket_errors": 0}

    summary = {
        (front.STATIC_PAGE, front.MODE, 16): measured(20000),
        ("home", front.MODE, 16): measured(12000),
        ("home", "on", 16): measured(1000),
        ("home", "off", 16): measured(300),
    }
    lines = front.front_table(summary, [{"name": "home", "front_cache": "HIT"}], 16)
    home = next(line for line in lines if line.startswith("| home "))
    assert "| 12,000 (p95 2.0) | 60% | 1,000 (p95 2.0) | 300 (p95 2.0) | HIT |" in home
    assert front.front_table({}, [], 16) == ["nginx was not available: no front-cache measurement."]


def test_admin_p95_under_a_spike_is_the_95th_percentile():
    from tests.bench import front

    assert front.p95([float(n) for n in range(1, 101)]) == pytest.approx(95.05)
    assert front.p95([42.0]) == 42.0
