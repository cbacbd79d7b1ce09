"""The counters the facts table keeps, and the metrics factors are computed from.

A counter is additive (summed over days, regions, categories); a metric is a function of the
summed counters, so any period and any roll-up gives the right rate, never an average of
averages. A metric is ``None`` when its denominator is zero: no data, not a bad score.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

# Additive counters per (day, region, category, department). The day is the event's own
# business date (received_on, replied_on...), so a rebuild files every count on the same day.
COUNTERS: tuple[str, ...] = (
    "registered",
    "online",
    "repeat",
    "skip_level",
    "collective",
    "collective_headcount",
    "missed",  # 漏排: no dispute registered before it in its region and category
    "assigned",
    "forwarded_late",
    "accepted",
    "not_accepted",
    "notices",
    "notices_on_time",
    "replied",
    "replied_on_time",
    "handling_days",
    "first_replied",  # 初信初访 replied
    "first_reopened",  # ... then reviewed or petitioned again (not resolved at one go)
    "extensions",
    "rated",
    "satisfied",
    "dissatisfied",
    "reviews",
    "reviews_overturned",
    "revisits",
    "revisits_resolved",
    "closed",
    "withdrawn",
    "deadline_missed",  # reported by supervision, when it runs
)

# Not in the facts table: counted from the dispute register at query time.
DISPUTE_COUNTERS: tuple[str, ...] = ("disputes_found", "disputes_resolved")

Sums = Mapping[str, float]
Metric = Callable[[Sums], float | None]


def _ratio(num: str, den: str) -> Metric:
    def metric(s: Sums) -> float | None:
        d = s.get(den, 0)
        return s.get(num, 0) / d if d else None

    return metric


def _count(*names: str) -> Metric:
    return lambda s: float(sum(s.get(n, 0) for n in names))


def _first_visit(s: Sums) -> float | None:
    d = s.get("first_replied", 0)
    return (d - s.get("first_reopened", 0)) / d if d else None


def _overdue(s: Sums) -> float:
    late = (
        (s.get("notices", 0) - s.get("notices_on_time", 0))
        + (s.get("replied", 0) - s.get("replied_on_time", 0))
        + s.get("forwarded_late", 0)
    )
    # Supervision also sees cases still open past their due date; take the larger count so
    # the two sources of the same lateness are not added together.
    return float(max(late, s.get("deadline_missed", 0)))


def _acceptance(s: Sums) -> float | None:
    d = s.get("accepted", 0) + s.get("not_accepted", 0)
    return s.get("accepted", 0) / d if d else None


def _complement(metric: Metric) -> Metric:
    def inverse(s: Sums) -> float | None:
        v = metric(s)
        return None if v is None else 1.0 - v

    return inverse


METRICS: dict[str, Metric] = {
    "registered_count": _count("registered"),
    "on_time_completion_rate": _ratio("replied_on_time", "replied"),
    "first_visit_resolution_rate": _first_visit,
    "avg_handling_days": _ratio("handling_days", "replied"),
    "satisfaction_rate": _ratio("satisfied", "rated"),
    "dissatisfaction_rate": _ratio("dissatisfied", "rated"),
    "rating_rate": _ratio("rated", "replied"),
    "online_ratio": _ratio("online", "registered"),
    "repeat_rate": _ratio("repeat", "registered"),
    "skip_level_rate": _ratio("skip_level", "registered"),
    "overdue_count": _overdue,
    "notice_timeliness_rate": _ratio("notices_on_time", "notices"),
    "forward_timeliness_rate": _complement(_ratio("forwarded_late", "assigned")),
    "acceptance_rate": _acceptance,
    "reply_rate": _ratio("replied", "accepted"),
    "extension_rate": _ratio("extensions", "accepted"),
    "review_rate": _ratio("reviews", "replied"),
    "review_overturn_rate": _ratio("reviews_overturned", "reviews"),
    "revisit_success_rate": _ratio("revisits_resolved", "revisits"),
    "closure_rate": _ratio("closed", "registered"),
    "withdrawal_rate": _ratio("withdrawn", "registered"),
    "collective_count": _count("collective"),
    "collective_headcount": _count("collective_headcount"),
    "collective_rate": _ratio("collective", "registered"),
    "dispute_miss_rate": _ratio("missed", "registered"),
    "dispute_resolution_rate": _ratio("disputes_resolved", "disputes_found"),
    "disputes_found": _count("disputes_found"),
    "supervision_overdue_count": _count("deadline_missed"),
}


def compute(sums: Sums) -> dict[str, float | None]:
    return {name: metric(sums) for name, metric in METRICS.items()}
