from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "pina.content"
    label = "pina_content"
    verbose_name = "Content"
