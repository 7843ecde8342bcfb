"""Bootstrap is vendored (static/vendor/bootstrap/) and every page links the app's own copy."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

BOOTSTRAP = ["vendor/bootstrap/bootstrap.min.css", "vendor/bootstrap/bootstrap.bundle.min.js"]


@pytest.mark.parametrize("name", BOOTSTRAP)
def test_the_staticfiles_finders_find_bootstrap_and_what_it_names(name):
    found = finders.find(name)
    assert found, name
    text = Path(found).read_text(encoding="utf-8")
    assert re.search(r"Bootstrap\s+v5\.3\.", text)
    # Hashed collectstatic (production) refuses a source map named but missing.
    (source_map,) = re.findall(r"sourceMappingURL=(\S+?)(?: \*/)?$", text)
    assert finders.find(f"vendor/bootstrap/{source_map}"), source_map


def test_bootstraps_licence_travels_with_it():
    assert "MIT License" in Path(finders.find("vendor/bootstrap/LICENSE")).read_text()


@pytest.mark.django_db
def test_pages_link_the_vendored_css_and_script(client):
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap.min.css">' in html
    assert '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer></script>' in html
    assert not re.search(r"""(?:href|src)="(?:https?:)?//""", html)  # nothing from outside
