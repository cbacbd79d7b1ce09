"""Index service: facts, factor model, scorecards, grades and measures, surge warnings,
guidance letters and dispute screening (issue 7)."""
