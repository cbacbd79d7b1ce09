"""Intake's own query table, ``petitions``: written in the same transaction as the events
(intake is the writer, so its reads are consistent at once) and rebuildable from them."""
