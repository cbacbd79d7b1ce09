"""The benches' generated petition log is a history a projection can apply: each petition's
events come in version order with no hole, on days that never go back."""

from collections import defaultdict
from datetime import date

from tools.bench.lifecycle import City, timeline


def test_every_stream_arrives_in_version_order_on_days_that_never_go_back() -> None:
    seen: dict[str, list[int]] = defaultdict(list)
    days: dict[str, list[date]] = defaultdict(list)
    for e in timeline(City(7), 40, 120):
        seen[e.petition_id].append(e.version)
        days[e.petition_id].append(e.day)
    assert len(seen) >= 4000
    out_of_order = [
        pid for pid, versions in seen.items() if versions != list(range(1, len(versions) + 1))
    ]
    assert out_of_order == []
    assert all(d == sorted(d) for d in days.values())
