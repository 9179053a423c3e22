"""`make bench` (`python -m tests.bench`): builds a large data set in a database of its own, serves
it with gunicorn under the site's production settings plus the bench's URLconf
(`tests/bench/settings.py`), loads it with wrk and writes the results to docs/benchmarks.md; each
app's part (data, pages, admin lists) is a module of `tests/bench/data/`."""
