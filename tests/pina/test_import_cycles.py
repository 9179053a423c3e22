"""No import cycle between any two modules of the shipped code (pina, news, events, volunteers).

`lint-imports` (pyproject.toml) checks cycles between sibling packages; this also covers a package
and its own modules (pina/site/__init__.py <-> pina/site/models.py) and chains across the apps.
"""

import pytest

grimp = pytest.importorskip("grimp")

SHIPPED = ("pina", "news", "events", "volunteers")


def test_no_module_imports_itself_back():
    graph = grimp.build_graph(*SHIPPED, cache_dir=None)
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                cycles.append(" -> ".join((importer, *back)))
    assert not cycles, "Import cycles:\n" + "\n".join(cycles)
