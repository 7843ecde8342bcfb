"""The one-query permissions backend: the same permissions as Django's ModelBackend."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from tests.factories import make_user
from tracker.auth import OneQueryModelBackend

pytestmark = pytest.mark.django_db


def test_it_reads_own_and_group_permissions_in_one_query(django_assert_num_queries):
    user = make_user(role="reporter")
    other = make_user(role="coordinator")  # another user's groups and permissions: not theirs
    own = Permission.objects.get(codename="view_logentry")
    other.user_permissions.add(Permission.objects.get(codename="change_logentry"))
    user.user_permissions.add(own)
    extra = Group.objects.create(name="额外")
    extra.permissions.add(Permission.objects.get(codename="delete_logentry"))
    user.groups.add(extra)
    with django_assert_num_queries(1):
        perms = OneQueryModelBackend().get_all_permissions(user)
    assert perms == ModelBackend().get_all_permissions(user)
    assert {"admin.view_logentry", "admin.delete_logentry"} <= perms
    assert "admin.change_logentry" not in perms
    assert OneQueryModelBackend().get_all_permissions(other) == ModelBackend().get_all_permissions(
        other
    )
