from django.db import migrations

from pina.security.groups import EDITORS, grant_model_permissions, revoke_model_permissions

MODELS = ["post", "category"]


def grant(apps, schema_editor):
    grant_model_permissions(apps, EDITORS, "news", MODELS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, EDITORS, "news", MODELS)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("pina", "0002_staff_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
