"""`make bench`: proves the site is fast with a hundred times the content (issue 7).

Run it with `python -m tests.bench` (see `__main__`). Apps plug in through `<app>/bench_data.py`
(see `plugins`): the data they generate, the pages to load, the admin lists to time.
The results go to docs/benchmarks.md (`report`).
"""
