from django.db import migrations

import articles.core.uploads

# The column does not change, only the form field the model offers: state only, so SQLite
# does not rebuild the article table (and its search triggers) for nothing.


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_image_limits'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='article',
                    name='hero_image',
                    field=articles.core.uploads.ImageField(blank=True, help_text='Wide image, at least 1600 pixels across.', upload_to='heroes/%Y/', validators=[articles.core.uploads.validate_image_upload]),
                ),
                migrations.AlterField(
                    model_name='author',
                    name='avatar',
                    field=articles.core.uploads.ImageField(blank=True, help_text='Square portrait, at least 256×256 pixels.', upload_to='authors/', validators=[articles.core.uploads.validate_image_upload]),
                ),
            ],
        ),
    ]
