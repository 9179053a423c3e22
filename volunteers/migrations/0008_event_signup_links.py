"""Event sign-up links (a conference's QR code with its own limit) and the conference an
application was sent from; coordinators may manage the links."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
import volunteers.models
from django.conf import settings
from django.db import migrations, models

from pina.security.groups import (
    VOLUNTEER_COORDINATORS,
    grant_model_permissions,
    revoke_model_permissions,
)


def grant(apps, schema_editor):
    # Coordinators make the links for the conferences they attend.
    grant_model_permissions(
        apps,
        VOLUNTEER_COORDINATORS,
        "volunteers",
        ["eventsignuplink"],
        actions=("add", "change", "view", "delete"),
    )


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, VOLUNTEER_COORDINATORS, "volunteers", ["eventsignuplink"])


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0007_organization_former_names'),
        ('volunteers', '0007_pending_changes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='volunteerapplication',
            name='signup_event',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='events.conference', verbose_name='signed up at'),
        ),
        migrations.CreateModel(
            name='EventSignupLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(default=volunteers.models.new_link_token, editable=False, max_length=32, unique=True)),
                ('expires_at', models.DateTimeField(default=volunteers.models.default_link_expiry, verbose_name='expires')),
                ('daily_limit', models.PositiveIntegerField(default=500, help_text='At most this many applications through this link in a day.', validators=[django.core.validators.MinValueValidator(1)], verbose_name='sign-ups per day')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='created')),
                ('conference', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='events.conference', verbose_name='conference')),
                ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
            ],
            options={
                'verbose_name': 'event sign-up link',
                'verbose_name_plural': 'event sign-up links',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
