from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "pina.ops"
    label = "pina_ops"
    verbose_name = "Operations"

    def ready(self):
        from pina.ops import checks  # noqa: F401 - registers the deployment checks
