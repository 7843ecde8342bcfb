"""The import preview's section on last year's report: proposals and fates.

When the jurisdiction already has last year's report, the preview proposes
this year's shortfalls as repeats of last year's (屡查屡犯) and its tasks as
continuations, each with its score and shared words; the coordinator accepts
or rejects each. For every unfinished item of last year's report they choose
its fate: leave it as it is, carry it over (结转: it stays open, followed by a
new item) or close it as 转入下一年度 with a new item as its successor.

The choices are kept in the draft's JSON under "continuity" (None until the
coordinator saves: the proposals accepted, no fate decided), keyed
by the new items' kind and number and the old items' primary keys; a
renumbering of the draft starts again from the proposals.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importer import draft as drafts
from .importer.continuity import Proposal
from .lineage import KEY_KIND, PAIRING_KEYS, SavedReport, previous_report, proposals, unfinished
from .models import Item, LineageKind, Report, label_for
from .services.lineage import ContinuityPlan, Fate, Pairing

KEEP = ""
FATE_CHOICES = [
    (KEEP, gettext_lazy("不处理(保持原状)")),
    (LineageKind.CARRY_OVER, gettext_lazy("结转(保持未完成,由新事项接续)")),
    (LineageKind.NEXT_YEAR, gettext_lazy("转入下一年度(销号,由新事项接续)")),
]
SELECT = {"class": "form-select form-select-sm"}


@dataclass(frozen=True)
class Offer:
    """One proposal as the page shows it."""

    value: str  # "repeats:1:345": the JSON key, the new item's number, the old item's pk
    key: str
    new: dict  # the draft row
    old: Item
    proposal: Proposal

    @property
    def new_label(self) -> str:
        return label_for(self.new["kind"], self.new["number"])


def _new_key(row: dict) -> str:
    return f"{row['kind']}:{row['number']}"


class Continuity:
    """Last year's report for a draft, the proposals and the unfinished items (or nothing)."""

    def __init__(self, draft):
        data = draft.data
        self.previous: Report | None = None
        self.offers: list[Offer] = []
        self.unfinished: list[Item] = []
        self.new_rows = [
            row for kind in PAIRING_KEYS.values() for row in drafts.items_of(data, kind)
        ]
        if draft.jurisdiction_id is None:
            return
        self.previous = previous_report(
            issuer=data["issuer"], year=data["year"], jurisdiction=draft.jurisdiction
        )
        if self.previous is None:
            return
        parsed = drafts.parsed_from_draft(data)
        saved, found = proposals(parsed, self.previous)
        self.saved: SavedReport = saved
        rows = {(row["kind"], row["number"]): row for row in self.new_rows}
        for key, pairs in found.items():
            kind = PAIRING_KEYS[key]
            old = saved.numbered(kind)
            for p in pairs:
                self.offers.append(
                    Offer(f"{key}:{p.new}:{old[p.old].pk}", key, rows[(kind, p.new)], old[p.old], p)
                )
        self.unfinished = unfinished(saved)

    def default_choice(self) -> dict:
        """Every proposal accepted; no fate decided, but a paired unfinished item's
        successor already chosen (its pair), so deciding is one choice."""
        fates = {}
        for offer in self.offers:
            if offer.old in self.unfinished:
                fates[str(offer.old.pk)] = {"kind": KEEP, "successor": _new_key(offer.new)}
        return {"pairs": [offer.value for offer in self.offers], "fates": fates}

    def choice(self, data: dict) -> dict:
        """The coordinator's saved choice, or the default."""
        return data.get("continuity") or self.default_choice()

    def plan(self, data: dict) -> ContinuityPlan | None:
        """What the import saves: the accepted pairs and the decided fates."""
        if self.previous is None:
            return None
        choice = self.choice(data)
        accepted = set(choice["pairs"])
        pairings = [
            Pairing(
                KEY_KIND[offer.key],
                (offer.new["kind"], offer.new["number"]),
                offer.old.pk,
                offer.proposal.score,
                offer.proposal.shared,
            )
            for offer in self.offers
            if offer.value in accepted
        ]
        open_ids = {item.pk for item in self.unfinished}
        fates = []
        for pk, fate in choice["fates"].items():
            if int(pk) in open_ids and fate["kind"] and fate["successor"]:
                kind, number = fate["successor"].split(":")
                fates.append(Fate(int(pk), fate["kind"], (kind, int(number))))
        return ContinuityPlan(previous=self.previous, pairings=pairings, fates=fates)


class ContinuityForm(forms.Form):
    """Accept or reject each proposal; a fate and a successor for each unfinished item."""

    pairs = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, data=None, *, continuity: Continuity, draft_data: dict):
        self.continuity = continuity
        choice = (
            continuity.choice(draft_data) if continuity.previous else {"pairs": [], "fates": {}}
        )
        initial = {"pairs": choice["pairs"]}
        for pk, fate in choice["fates"].items():
            initial[f"fate_{pk}"] = fate["kind"]
            initial[f"successor_{pk}"] = fate["successor"]
        super().__init__(data, prefix="continuity", initial=initial)
        self.fields["pairs"].choices = [(offer.value, offer.value) for offer in continuity.offers]
        successors = [("", gettext_lazy("请选择"))] + [
            (_new_key(row), f"{label_for(row['kind'], row['number'])} {row['title']}")
            for row in continuity.new_rows
        ]
        for item in continuity.unfinished:
            self.fields[f"fate_{item.pk}"] = forms.ChoiceField(
                label=f"{item.label} {item.title}",
                choices=FATE_CHOICES,
                required=False,
                widget=forms.Select(
                    attrs={**SELECT, "aria-label": _("%(label)s 如何处理") % {"label": item.label}}
                ),
            )
            self.fields[f"successor_{item.pk}"] = forms.ChoiceField(
                label=gettext_lazy("后续事项"),
                choices=successors,
                required=False,
                widget=forms.Select(
                    attrs={
                        **SELECT,
                        "aria-label": _("%(label)s 的后续事项") % {"label": item.label},
                    }
                ),
            )

    def clean(self):
        data = super().clean()
        for item in self.continuity.unfinished:
            if data.get(f"fate_{item.pk}") and not data.get(f"successor_{item.pk}"):
                self.add_error(
                    f"successor_{item.pk}",
                    ValidationError(gettext_lazy("结转或转入下一年度时,请选择接续它的新事项。")),
                )
        return data

    def rows(self) -> list[dict]:
        """Each unfinished item with its two fields (for the template)."""
        return [
            {
                "item": item,
                "fate": self[f"fate_{item.pk}"],
                "successor": self[f"successor_{item.pk}"],
            }
            for item in self.continuity.unfinished
        ]

    def offers(self) -> list[dict]:
        checked = set(self["pairs"].value() or [])
        return [{"offer": o, "checked": o.value in checked} for o in self.continuity.offers]

    def apply(self, data: dict) -> None:
        """Keep the choice in the draft (nothing to keep without last year's report)."""
        if self.continuity.previous is None:
            return
        fates = {
            str(item.pk): {
                "kind": self.cleaned_data.get(f"fate_{item.pk}", ""),
                "successor": self.cleaned_data.get(f"successor_{item.pk}", ""),
            }
            for item in self.continuity.unfinished
        }
        data["continuity"] = {"pairs": list(self.cleaned_data["pairs"]), "fates": fates}
