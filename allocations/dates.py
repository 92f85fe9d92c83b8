"""Dates moved between agreement years."""

import datetime


def shift_date(day: datetime.date | None, years: int) -> datetime.date | None:
    """The same date `years` later; 29 February becomes the 28th."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
