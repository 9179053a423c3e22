from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "pina.content"
    label = "pina_content"
    verbose_name = "Content"

    def ready(self):
        from django_cleanup.signals import cleanup_pre_delete

        from .files import delete_renditions

        cleanup_pre_delete.connect(delete_renditions, dispatch_uid="pina_delete_renditions")
