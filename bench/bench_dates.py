"""Date parsing speed: microseconds per call, fast path versus dateparser fallback.

    python bench/bench_dates.py      (or `make bench`)

Target (issue #7): the common formats under 20 µs each, dateparser only as a fallback.
"""

from __future__ import annotations

import os
import platform
import timeit
from datetime import UTC, datetime

from newsscrape.extraction.dates import parse_date

FETCHED = datetime(2021, 2, 12, 15, 0, tzinfo=UTC)
COMMON = [
    "February 11, 2021",
    "Feb. 11, 2021",
    "11 February 2021",
    "Thursday, February 11th, 2021",
    "February 11, 2021 10:30 AM",
    "2021-02-11",
    "2021-02-11T14:05:00Z",
    "2021-02-11T09:05:00-05:00",
    "2021/02/11",
    "11.02.2021",
    "Published: February 11, 2021",
]
FALLBACK = ["11 février 2021", "2 hours ago", "2021年2月11日"]


def measure(text: str, number: int) -> tuple[float, str]:
    parsed = parse_date(text, fetched_at=FETCHED, languages=["en"])
    seconds = min(
        timeit.repeat(
            lambda: parse_date(text, fetched_at=FETCHED, languages=["en"]),
            number=number,
            repeat=5,
        )
    )
    return seconds / number * 1e6, parsed.method if parsed else "none"


def main() -> None:
    print(
        f"machine: {platform.platform()}, {platform.processor() or 'cpu'}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{'format':<34} {'µs/call':>9}  method")
    worst = 0.0
    for text in COMMON:
        micros, method = measure(text, 2000)
        worst = max(worst, micros)
        print(f"{text:<34} {micros:>9.1f}  {method}")
    for text in FALLBACK:
        micros, method = measure(text, 20)
        print(f"{text:<34} {micros:>9.1f}  {method}")
    verdict = "meets" if worst < 20 else "MISSES"
    print(f"slowest common format: {worst:.1f} µs ({verdict} the 20 µs target)")


if __name__ == "__main__":
    main()
