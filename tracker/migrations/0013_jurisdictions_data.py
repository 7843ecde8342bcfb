"""Today's reports and units are 天津市蓟州区's: put them under 天津市 → 蓟州区.

A fresh database has nothing to move and gets no jurisdictions here (the
report fixture brings its own). Reverse: the jurisdictions made here go,
the reports and units keep no jurisdiction.
"""

from django.db import migrations

CITY = ("天津市", "天津市")
DISTRICT = ("天津市蓟州区", "蓟州区")


def forwards(apps, schema_editor):
    Jurisdiction = apps.get_model("tracker", "Jurisdiction")
    Report = apps.get_model("tracker", "Report")
    Unit = apps.get_model("tracker", "Unit")
    if not (Report.objects.exists() or Unit.objects.exists()):
        return
    city = Jurisdiction.objects.create(name=CITY[0], short_name=CITY[1], level="city", path="")
    city.path = f"/{city.pk}/"
    city.save()
    district = Jurisdiction.objects.create(
        name=DISTRICT[0], short_name=DISTRICT[1], level="district", parent=city, path=""
    )
    district.path = f"{city.path}{district.pk}/"
    district.save()
    Report.objects.update(jurisdiction=district)
    Unit.objects.update(jurisdiction=district)


def backwards(apps, schema_editor):
    apps.get_model("tracker", "Report").objects.update(jurisdiction=None)
    apps.get_model("tracker", "Unit").objects.update(jurisdiction=None)
    Jurisdiction = apps.get_model("tracker", "Jurisdiction")
    Jurisdiction.objects.filter(parent__isnull=False).delete()
    Jurisdiction.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("tracker", "0012_jurisdictions")]

    operations = [migrations.RunPython(forwards, backwards)]
