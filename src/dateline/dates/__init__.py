"""The date grammar: finding date expressions in news English and normalising them against
the publication date (pure, model-free). The registered stage is ``stages/dates.py``.

- :mod:`~dateline.dates.timex`: calendar dates, weekdays, relative periods; :func:`find_dates`
- :mod:`~dateline.dates.periods`: quarters, halves, seasons, holidays, spelled-out years and
  expressions resolved against an earlier date
- :mod:`~dateline.dates.tense`: the tense of the clause, from its surface words
"""
