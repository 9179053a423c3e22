"""Site-wide search, one page (`/<lang>/search/?q=`) over every searchable model, in modules by
job: `query` (what a visitor typed, and the excerpts that mark it), `postgres` (full-text search
on the stored per-language vectors) and `sqlite` (the case-folded fallback), `translated` (a
field's text in a language), `queryset` (matching, bounded ranking and `SearchableQuerySet`, the
base of a searchable model's QuerySet), `operations` (the migrations' search columns and
indexes), `languages` (the same for a language added later), `results` (`SEARCHABLE_MODELS`,
merging and caching the results) and `views` (the page); this package module holds nothing
else. Adding a source is a `SearchableQuerySet` for its model, its label in
`results.SEARCHABLE_MODELS` and a migration with `operations.search_column_operation()` for its
searched fields."""
