"""`make bench` (`python -m tests.bench`, see `__main__`): proves the site is fast with a large
data set (issue 7); apps plug in through `tests/bench/data/<app>.py` (see `plugins`) and the
results go to docs/benchmarks.md (`report`).
"""
