<<<<<<< HEAD
"""`make bench` (`python -m tests.bench`): builds a large data set in a database of its own, serves
it with gunicorn under the site's production settings plus the bench's URLconf
(`tests/bench/settings.py`), loads it with wrk and writes the results to docs/benchmarks.md; each
app's part (data, pages, admin lists) is a module of `tests/bench/data/`."""
=======
"""`make bench` (`python -m tests.bench`, see `__main__`): proves the site is fast with a large
data set (issue 7); apps plug in through `tests/bench/data/<app>.py` (see `plugins`) and the
results go to docs/benchmarks.md (`report`).
"""
>>>>>>> comments
