"""The translation catalogues are complete: every UI string of the project's templates and code
(extracted by makemessages into a temporary folder, as `make messages` would) and every string
of the admin screens staff use (Django's admin, accounts, content types, the core's form and
validation messages, django-axes' login records, django-reversion's history pages) has a
translation in each language of settings.LANGUAGES, and no project translation is marked fuzzy
(gettext skips fuzzy entries: the page would show English).

A string counts as translated when the catalogue Django actually uses for the language has it:
the project's (pina/locale, pina/locale_admin for the strings Django's own Uzbek catalogue leaves
in English), then the apps', then Django's. The failure messages list the missing msgids by
language, ready to be added to pina/locale/<lang>/LC_MESSAGES/django.po.
"""

import os
import shutil
from pathlib import Path

import axes
import django
import pytest
import reversion
import reversion_compare
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real

# What `make messages` leaves out; kept in step with the Makefile. And "locale": makemessages
# writes into every folder of that name it walks through (pina/locale), which must stay as it is.
IGNORED = [".venv/*", "tests/*", "staticfiles/*", "node_modules/*", "locale"]
DJANGO = Path(django.__file__).parent
AXES = Path(axes.__file__).parent
REVERSION = Path(reversion.__file__).parent
REVERSION_COMPARE = Path(reversion_compare.__file__).parent
# The catalogues behind the admin screens staff use, Django's and the packages': (locale folder,
# domain, the language whose catalogue lists the msgids: English where the package ships one).
DJANGO_ADMIN_CATALOGUES = [
    (DJANGO / "contrib/admin/locale", "django", "en"),
    (DJANGO / "contrib/admin/locale", "djangojs", "en"),
    (DJANGO / "contrib/auth/locale", "django", "en"),
    (DJANGO / "contrib/contenttypes/locale", "django", "en"),
    (DJANGO / "conf/locale", "django", "en"),
    # The login lockout's records (django-axes), which superusers review.
    (AXES / "locale", "django", "ru"),
    # The history, recover and compare pages of every content admin.
    (REVERSION / "locale", "django", "ru"),
    (REVERSION_COMPARE / "locale", "django", "de"),
]
# Not words but the name of a date format setting: left untranslated, Django's date filter
# then uses the language's own format.
FORMAT_NAMES = {"DATETIME_FORMAT", "DATE_FORMAT"}
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
PROJECT_CATALOGUES = sorted(
    path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/*.po")
)

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)


def _unquote(text: str) -> str:
    return text[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")


def parse_po(path: Path) -> list[dict]:
    """The entries of a .po file: {"key", "plural", "strings", "fuzzy"}; `key` is the msgid,
    prefixed by "context\\x04" when it has a msgctxt (gettext's own convention). Obsolete
    entries (#~) are left out: they are not compiled."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += _unquote(line)
            elif " " in line:
                current, value = line.split(" ", 1)
                fields[current] = _unquote(value)
        if "msgid" not in fields or not fields["msgid"]:
            continue  # the header, or an obsolete entry
        key = fields["msgid"]
        if "msgctxt" in fields:
            key = f"{fields['msgctxt']}\x04{key}"
        entries.append(
            {
                "key": key,
                "plural": fields.get("msgid_plural"),
                "strings": [value for name, value in fields.items() if name.startswith("msgstr")],
                "fuzzy": "fuzzy" in flags,
            }
        )
    return entries


def translated(catalog, entry) -> bool:
    """Whether the compiled catalogue Django uses has a non-empty translation of `entry`."""
    if entry["plural"] is not None:
        return bool(catalog.get((entry["key"], 0)))
    return bool(catalog.get(entry["key"]))


def catalog_for(language: str, domain: str = "django"):
    if domain == "djangojs":
        # As the admin's JavaScriptCatalog view builds it: the admin's and the project's.
        return trans_real.DjangoTranslation(
            language, domain=domain, localedirs=[str(DJANGO / "contrib/admin/locale")]
        )._catalog
    return trans_real.translation(language)._catalog


def report(missing: dict[str, list[str]], what: str) -> str:
    lines = [f"{what}:"]
    for language, keys in missing.items():
        lines.append(f"  [{language}] {len(keys)} missing:")
        lines.extend(f"    msgid {key.replace(chr(4), ' (context) ')!r}" for key in keys)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def project_strings(tmp_path_factory):
    """The entries makemessages extracts from the project now, whatever the catalogues say."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    folder = tmp_path_factory.mktemp("locale")
    base = Path(settings.BASE_DIR)
    cwd = Path.cwd()
    before = {path: path.read_bytes() for path in PROJECT_CATALOGUES}
    try:
        os.chdir(base)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(settings, "LOCALE_PATHS", [str(folder)])
            call_command(
                "makemessages",
                locale=[LANGUAGES[0]],
                ignore_patterns=IGNORED,
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    assert before == {path: path.read_bytes() for path in PROJECT_CATALOGUES}
    return parse_po(folder / LANGUAGES[0] / "LC_MESSAGES" / "django.po")


@needs_gettext
def test_every_project_string_is_translated(project_strings):
    assert len(project_strings) > 300  # the extraction found the project's strings
    missing = {}
    for language in LANGUAGES:
        catalog = catalog_for(language)
        keys = [entry["key"] for entry in project_strings if not translated(catalog, entry)]
        if keys:
            missing[language] = keys
    assert not missing, report(
        missing,
        "Strings of the project's templates and code without a translation (add them to "
        "pina/locale/<lang>/LC_MESSAGES/django.po: `make messages`, translate, compile)",
    )


def test_no_project_translation_is_fuzzy():
    fuzzy = {
        str(path.relative_to(settings.BASE_DIR)): [
            entry["key"] for entry in parse_po(path) if entry["fuzzy"]
        ]
        for path in PROJECT_CATALOGUES
    }
    fuzzy = {path: keys for path, keys in fuzzy.items() if keys}
    assert not fuzzy, report(fuzzy, "Translations marked fuzzy (check them, remove the flag)")


def test_the_compiled_catalogues_are_up_to_date():
    """A translation in a .po file that the .mo beside it lacks: compilemessages was not run."""
    stale = {}
    for path in PROJECT_CATALOGUES:
        language, domain = path.parts[-3], path.stem
        catalog = catalog_for(language, domain)
        keys = [
            entry["key"]
            for entry in parse_po(path)
            if entry["strings"]
            and all(entry["strings"])
            and not entry["fuzzy"]
            and not translated(catalog, entry)
        ]
        if keys:
            stale[str(path.relative_to(settings.BASE_DIR))] = keys
    assert not stale, report(stale, "Not compiled (run manage.py compilemessages)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_django_admin_strings_staff_see_are_translated(language):
    missing = []
    for folder, domain, source in DJANGO_ADMIN_CATALOGUES:
        catalog = catalog_for(language, domain)
        for entry in parse_po(folder / source / "LC_MESSAGES" / f"{domain}.po"):
            if entry["key"] not in FORMAT_NAMES and not translated(catalog, entry):
                missing.append(f"{entry['key']} ({folder.parent.name}, {domain})")
    assert not missing, report(
        {language: missing},
        f"Django's admin strings left in English (add them to "
        f"pina/locale_admin/{language}/LC_MESSAGES/<domain>.po)",
    )
