"""Feedback's pure rules: the satisfaction model, who sees what, the texts and links it sends,
the survey's and the notices' rules. No I/O."""
