"""Feedback's use cases: each opens its transaction, loads, asks the domain, writes (its own
events, commands and notifications through ``ledger``); the reads; the dispatcher's loop."""
