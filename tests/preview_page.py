"""The import preview as a browser submits it: every field as the page shows it, plus changes."""

from html.parser import HTMLParser

from django.urls import reverse

from tracker.models import ImportDraft

FORM_ID = "import-preview"


class _Fields(HTMLParser):
    """The name → value pairs the preview form would send, buttons left out."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.pairs: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == FORM_ID
        if not self.inside:
            return
        if tag == "select":
            self.select = attrs.get("name")
        elif tag == "option" and getattr(self, "select", None) and "selected" in attrs:
            self.pairs.append((self.select, attrs.get("value") or ""))
        if tag != "input" or not attrs.get("name"):
            return
        if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.pairs.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if tag == "select":
            self.select = None


class PreviewPage:
    def __init__(self, client, draft: ImportDraft):
        self.client, self.draft = client, draft
        self.url = reverse("tracker:import-preview", args=[draft.pk])
        response = client.get(self.url)
        assert response.status_code == 200
        self.html = response.content.decode()
        parser = _Fields()
        parser.feed(self.html)
        self.fields: dict[str, list[str]] = {}
        for name, value in parser.pairs:
            self.fields.setdefault(name, []).append(value)

    def item(self, kind: str, number: int) -> str:
        """The prefix of the item's fields (items-3-), found by its start in the draft."""
        self.draft.refresh_from_db()
        (row,) = [
            r for r in self.draft.data["items"] if r["kind"] == kind and r["number"] == number
        ]
        (name,) = [
            name
            for name, values in self.fields.items()
            if name.endswith("-start") and values == [str(row["start"])]
        ]
        return name.removesuffix("start")

    def submit(self, changes: dict[str, str | list[str]]):
        """Post the page with `changes`, which name the button pressed (confirm, save,
        items-3-action) and any field changed."""
        return self.client.post(self.url, {**self.fields, **changes})

    def checked_links(self) -> list[str]:
        return self.fields.get("links", [])
