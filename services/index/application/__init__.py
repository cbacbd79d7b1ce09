"""The index's use cases: each opens its transaction, loads, asks the domain, writes; the
read queries the routes answer with; the scheduler's periodic assessment."""
