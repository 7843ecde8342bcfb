"""The years the tracker's dates may fall in: 2000 to 2100.

The genre started in 2015 (法治政府建设实施纲要), so a report year or a date
outside this range is a typo. The range also keeps date arithmetic (as-of
summaries, deadlines plus reminder windows) away from the ends of `date`.
Plain Python: the importer, the models' constraint, the forms and the
management commands all read it from here.
"""

from datetime import date

FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)


def plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def plausible_day(day: date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY
