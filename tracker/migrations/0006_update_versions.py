"""Progress updates become versions: a revision is a new row that revises the old one."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0005_item_list_order_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='progressupdate',
            name='update_reviewed_has_reviewer',
        ),
        migrations.AddField(
            model_name='evidence',
            name='carried_from',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='carried_to', to='tracker.evidence', verbose_name='沿用自'),
        ),
        migrations.AddField(
            model_name='historicalevidence',
            name='carried_from',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tracker.evidence', verbose_name='沿用自'),
        ),
        migrations.AddField(
            model_name='historicalprogressupdate',
            name='revises',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tracker.progressupdate', verbose_name='修改自'),
        ),
        migrations.AddField(
            model_name='historicalprogressupdate',
            name='revision',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='版本'),
        ),
        migrations.AddField(
            model_name='historicalprogressupdate',
            name='unit_reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='单位审核时间'),
        ),
        migrations.AddField(
            model_name='historicalprogressupdate',
            name='unit_reviewed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='单位审核人'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='revises',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='revised_by', to='tracker.progressupdate', verbose_name='修改自'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='revision',
            field=models.PositiveSmallIntegerField(default=1, verbose_name='版本'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='unit_reviewed_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='单位审核时间'),
        ),
        migrations.AddField(
            model_name='progressupdate',
            name='unit_reviewed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='unit_reviewed_updates', to=settings.AUTH_USER_MODEL, verbose_name='单位审核人'),
        ),
        migrations.AlterField(
            model_name='extensionrequest',
            name='state',
            field=models.CharField(choices=[('pending', '待审批'), ('granted', '已同意'), ('refused', '未同意'), ('withdrawn', '已撤销')], default='pending', max_length=20, verbose_name='审批状态'),
        ),
        migrations.AlterField(
            model_name='historicalprogressupdate',
            name='state',
            field=models.CharField(choices=[('pending_unit', '待单位审核'), ('submitted', '待审核'), ('returned', '已退回'), ('approved', '已通过'), ('withdrawn', '已撤回')], default='submitted', max_length=20, verbose_name='审核状态'),
        ),
        migrations.AlterField(
            model_name='progressupdate',
            name='state',
            field=models.CharField(choices=[('pending_unit', '待单位审核'), ('submitted', '待审核'), ('returned', '已退回'), ('approved', '已通过'), ('withdrawn', '已撤回')], default='submitted', max_length=20, verbose_name='审核状态'),
        ),
    ]
