from django.apps import AppConfig


class CachingConfig(AppConfig):
    name = "pina.caching"
    label = "pina_caching"
    verbose_name = "Caching"

    def ready(self):
        from pina.caching.invalidation import connect_signals

        # Content changes invalidate the anonymous page cache and the cached fragments.
        connect_signals()
