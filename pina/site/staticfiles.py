"""The static files storage of production: WhiteNoise's hashed, compressed manifest storage,
except that a CSS url() whose address is percent-encoded quotes (`url(%22images%2F...%22)`, as
jQuery UI's theme files carry inside their header comment, a ThemeRoller link) is left as it
is. Django would decode it to a name with quotes in it and fail collectstatic on a file that
does not exist; such a url() is never a file reference.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(self, name, hashed_files, template=None):
        convert = super().url_converter(name, hashed_files, template)

        def converter(matchobj):
            if "%22" in matchobj.groupdict()["url"]:
                return matchobj.groupdict()["matched"]
            return convert(matchobj)

        return converter
