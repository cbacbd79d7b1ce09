"""The consumers the ProjectionRunner drives: the rebuildable read models (satisfaction and
the suggestion database, as one consumer) and outreach (notices and revisits; never replayed)."""
