"""Reviews live on the versions themselves: drop the Review table and the edit counter."""

from django.db import migrations, models


def forget_review_type(apps, schema_editor):
    """The Review model's content type and permissions go with it (backups would carry them)."""
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.filter(app_label="tracker", model="review").delete()


class Migration(migrations.Migration):

    dependencies = [
        ("tracker", "0007_reviews_into_versions"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='review',
            name='reviewer',
        ),
        migrations.RemoveField(
            model_name='review',
            name='update',
        ),
        migrations.RemoveField(
            model_name='historicalprogressupdate',
            name='version',
        ),
        migrations.RemoveField(
            model_name='progressupdate',
            name='version',
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('reviewed_at__isnull', False), ('reviewed_by__isnull', False), ('state__in', ('returned', 'approved'))), models.Q(models.Q(('state__in', ('returned', 'approved')), _negated=True), ('reviewed_at__isnull', True), ('reviewed_by__isnull', True)), _connector='OR'), name='update_decided_has_reviewer'),
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('revises__isnull', True), ('revision', 1)), models.Q(('revises__isnull', False), ('revision__gt', 1)), _connector='OR'), name='update_revision_numbering'),
        ),
        migrations.AddConstraint(
            model_name='progressupdate',
            constraint=models.CheckConstraint(condition=models.Q(('revises', models.F('pk')), _negated=True), name='update_not_revising_itself'),
        ),
        migrations.DeleteModel(
            name='Review',
        ),
        migrations.RunPython(forget_review_type, migrations.RunPython.noop),
    ]
