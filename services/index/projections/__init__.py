"""What the ProjectionRunner drives: the facts projection (petition and supervision events
to counters)."""
