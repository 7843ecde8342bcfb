"""Every report and every unit belongs to a jurisdiction (0013 placed today's)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracker", "0013_jurisdictions_data")]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="jurisdiction",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reports",
                to="tracker.jurisdiction",
                verbose_name="辖区",
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="jurisdiction",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="units",
                to="tracker.jurisdiction",
                verbose_name="辖区",
            ),
        ),
    ]
