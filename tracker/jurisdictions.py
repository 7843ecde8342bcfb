"""Finding a report's jurisdiction from its issuer (天津市蓟州区人民政府 → 蓟州区)."""

from collections.abc import Iterable

from .models import Jurisdiction


def match_issuer(issuer: str, candidates: Iterable[Jurisdiction]) -> Jurisdiction | None:
    """The jurisdiction whose name the issuer names, the most specific one first: the
    longest full name found in the issuer, else the longest short name (蓟州区). None
    when nothing matches, or when two different jurisdictions match equally well."""
    issuer = issuer or ""
    candidates = list(candidates)
    for key in (lambda j: j.name, lambda j: j.short_name):
        found = [j for j in candidates if key(j) and key(j) in issuer]
        if found:
            longest = max(len(key(j)) for j in found)
            best = [j for j in found if len(key(j)) == longest]
            return best[0] if len(best) == 1 else None
    return None
