"""Dates as reports print them: 2022年2月22日, 二〇二二年二月二十二日, full-width digits."""

import re
from datetime import date

from .numbering import chinese_to_int

DATE = (
    r"(20\d\d|二[〇零][一二三四五六七八九〇零]{2})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
)


def parse_date(text: str) -> date | None:
    """Read 2022年2月22日 or 二〇二二年二月二十二日; None when absent or impossible."""
    match = re.search(DATE, text)
    if not match:
        return None
    year, month, day = (read_number(group) for group in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def read_number(raw: str) -> int:
    """2022 or 二〇二二 (二零二二) as an int."""
    return int(raw) if raw.isdigit() else chinese_to_int(raw.replace("零", "〇"))
