"""A unit's words put in a report's voice: demo markers, requests addressed to the
office (申请销号 …) and stray spaces beside Chinese characters are dropped."""

import re

from .wording import sentences

DEMO_MARK = re.compile(r"[((]\s*演示[^))]*[))]|演示数据|演示")
# Clauses addressed to the office, not to the reader of a report.
REQUEST = re.compile(r"申请销号|申请延期|请予|请审核|请督办|报请销号")
CLAUSE = re.compile(r"[,,]")
SPACE_NEAR_HAN = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")


def voiced(text: str) -> list[str]:
    """A unit's text as the report's sentences (without their final punctuation)."""
    text = SPACE_NEAR_HAN.sub("", DEMO_MARK.sub("", text or ""))
    found = []
    for sentence in sentences(text):
        clauses = [c.strip() for c in CLAUSE.split(sentence)]
        kept = [c for c in clauses if c and not REQUEST.search(c)]
        if kept:
            found.append(",".join(kept))
    return found
