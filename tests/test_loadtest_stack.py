"""The stack load test's cast (scripts/loadtest.py --stack): 20 people of the demo's two
districts, each acting only on their own district's items."""

import pytest
from django.contrib.auth import get_user_model

from scripts.loadtest import cast_districts
from tracker import permissions
from tracker.models import Item

pytestmark = pytest.mark.django_db


def test_the_cast_is_two_districts_of_ten_on_their_own_items(demo):
    people = cast_districts(10)
    groups = {p.group for p in people}
    assert len(groups) == 2 and len(people) == 20
    users = get_user_model().objects
    for group in groups:
        mine = [p for p in people if p.group == group]
        assert sum(p.role == "reporter" for p in mine) == 7
        assert sum(p.role == "coordinator" for p in mine) == 3
        for person in mine:
            user = users.get(username=person.username)
            assert person.items, person
            visible = set(permissions.visible_items(user).values_list("pk", flat=True))
            assert set(person.items) <= visible  # never another district's or unit's item
            if person.role == "reporter":
                own = Item.objects.involving_units(person.units).values_list("pk", flat=True)
                assert set(person.items) <= set(own)
    assert cast_districts(10) == people  # made once: a second run reuses the accounts
    assert users.filter(username__startswith="load-").count() == 20
