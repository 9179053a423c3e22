"""Where "Exit this page" leads (issue 19): set by staff, https only, a neutral site by default.
Existing records get the default, so the control works on every page right after migrating."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pina", "0004_ratelimit_cache_table")]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="exit_page_url",
            field=models.URLField(
                default="https://www.google.com/search?q=weather",
                help_text=(
                    "Where the “Exit this page” button at the top of every page takes a visitor "
                    "who has to leave the site quickly. Choose a neutral, widely used site that "
                    "gives nothing away (a weather or news page); https:// only."
                ),
                max_length=500,
                validators=[
                    django.core.validators.URLValidator(
                        message="Enter a full address starting with https://.", schemes=["https"]
                    )
                ],
                verbose_name="“Exit this page” destination",
            ),
        ),
    ]
