"""The two staff groups and the helper apps use in their data migrations to grant permissions."""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
VOLUNTEER_COORDINATORS = "Volunteer coordinators"


def grant_model_permissions(apps, group_name, app_label, model_names, actions=None):
    """Give `group_name` the add/change/delete/view permissions on the named models.

    For use inside a data migration (`apps` is the historical registry). Permissions are
    normally created after all migrations run, so they are created here first.
    """
    actions = actions or ("add", "change", "delete", "view")
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    codenames = [f"{action}_{model}" for model in model_names for action in actions]
    permissions = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    group.permissions.add(*permissions)


def revoke_model_permissions(apps, group_name, app_label, model_names):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=group_name).first()
    if group is None:
        return
    codenames = [
        f"{action}_{model}"
        for model in model_names
        for action in ("add", "change", "delete", "view")
    ]
    group.permissions.remove(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
