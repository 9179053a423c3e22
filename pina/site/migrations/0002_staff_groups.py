from django.db import migrations

from pina.security.groups import EDITORS, VOLUNTEER_COORDINATORS, grant_model_permissions


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in (EDITORS, VOLUNTEER_COORDINATORS):
        Group.objects.get_or_create(name=name)
    # Editors keep the site-wide texts current; nobody but superusers adds or deletes the record.
    grant_model_permissions(apps, EDITORS, "pina", ["sitesettings"], actions=("change", "view"))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=[EDITORS, VOLUNTEER_COORDINATORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pina", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
