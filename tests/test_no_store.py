"""Pages for a signed-in user are never stored by a browser or a proxy: no-store."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,role",
    [
        ("tracker:home", "viewer"),
        ("tracker:item-list", "viewer"),
        ("tracker:item-list-csv", "viewer"),
        ("tracker:review-queue", "coordinator"),
        ("tracker:dashboard", "coordinator"),
        ("tracker:inbox", "reporter"),
        ("admin:index", "admin"),
    ],
)
def test_every_authenticated_page_says_no_store(client, world, name, role):
    client.force_login(world[role])
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_missing_page_and_a_refusal_for_a_signed_in_user_too(client, world):
    client.force_login(world["reporter"])
    for url in ["/no-such-page/", reverse("tracker:unit-list")]:
        assert "no-store" in client.get(url)["Cache-Control"]


def test_a_download_keeps_its_own_header_and_gains_nothing_it_lacks(client, world):
    client.force_login(world["viewer"])
    response = client.get(reverse("tracker:item-list-xlsx"))
    assert "no-store" in response["Cache-Control"]


def test_public_pages_for_anonymous_visitors_are_left_alone(client):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
