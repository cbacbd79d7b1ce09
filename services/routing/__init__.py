"""Routing (三分一包): decides which department handles each petition, at which level, and who
owns it; keeps every department's work queue. Reads ``petition.events``, asks intake for
changes on ``petition.commands`` through its own outbox (DESIGN.md)."""
