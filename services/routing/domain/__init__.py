"""Routing's pure rules: rule sets and their checks, the matcher, the petition offices and
the pyramid, who sees which queue. No I/O here (the import rules in pyproject.toml say so)."""
