"""Uzbek search at bench scale: p50/p95 at one client of prefix matching (the `simple` stored
vector with `word:*`, what the site does) and of trigram similarity (pg_trgm, a GIN trigram
index on the Uzbek text), and each index's size, on the bench database (BENCH_DATABASE_URL).
Run: `python -m tests.bench.uzbek_search` after the bench data set exists; docs/benchmarks.md
has the numbers and the choice. The trigram index is made by hand (see the docs), not shipped."""

import os
import statistics
import time

import psycopg2

QUERIES = ["toshkent", "savdosi", "odam savdosi", "migratsiya", "qoʻllab"]
UZ_TEXT = (
    "(coalesce(nullif(title_uz,''),title_en,'') || ' ' || coalesce(nullif(lead_uz,''),lead_en,'')"
    " || ' ' || coalesce(nullif(body_uz,''),body_en,''))"
)
PREFIX = (
    "SELECT id, ts_rank(search_uz, q) FROM news_post, to_tsquery('simple', %s) q "
    "WHERE search_uz @@ q ORDER BY published_at DESC, id DESC LIMIT 101"
)
# UZ_TEXT is a constant of this module, never input.
TRIGRAM = (
    f"SELECT id, word_similarity(%s, {UZ_TEXT}) FROM news_post "  # noqa: S608
    f"WHERE %s <%% {UZ_TEXT} ORDER BY published_at DESC, id DESC LIMIT 101"
)


def timings(cursor, sql, params, rounds=20):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    connection = psycopg2.connect(os.environ["BENCH_DATABASE_URL"])
    cursor = connection.cursor()
    for name, index in (("prefix", "news_post_search_uz"), ("trigram", "bench_trgm_uz")):
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [index])
        print(f"{name} index {index}: {cursor.fetchone()[0]}")
    for query in QUERIES:
        raw = " <-> ".join(f"'{word}':*" for word in query.split())
        p50, p95 = timings(cursor, PREFIX, [raw])
        print(f"prefix  {query!r:16} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
        p50, p95 = timings(cursor, TRIGRAM, [query, query], rounds=5)
        print(f"trigram {query!r:16} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
