"""Write rows to CSV, JSON Lines or Parquet, streaming: memory stays flat whatever the size.

Rows arrive as an iterator of dicts (from `Corpus.iter_*`); they are written as they come,
Parquet in row groups of `BATCH` rows, so a corpus larger than memory exports in constant
memory. Dates become ISO strings in CSV/JSONL and typed columns in Parquet.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

FORMATS = ("csv", "jsonl", "parquet")
BATCH = 10_000


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


@contextmanager
def _text_output(output: Path | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    with output.open("w", encoding="utf-8", newline="") as fh:
        yield fh


def write_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    output: Path | None,
    *,
    drop: tuple[str, ...] = (),
) -> int:
    """Write every row; returns how many. Parquet needs a file (it is not a stream format)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    if fmt == "parquet":
        if output is None:
            raise ValueError("--format parquet needs --output FILE")
        return _write_parquet(rows, output, drop)
    count = 0
    with _text_output(output) as fh:
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            clean = {k: v for k, v in row.items() if k not in drop}
            if fmt == "jsonl":
                fh.write(json.dumps(clean, ensure_ascii=False, default=_plain) + "\n")
            else:
                if writer is None:
                    writer = csv.DictWriter(fh, fieldnames=list(clean))
                    writer.writeheader()
                writer.writerow({k: _plain(v) for k, v in clean.items()})
            count += 1
    return count


def _write_parquet(rows: Iterable[dict[str, Any]], output: Path, drop: tuple[str, ...]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    schema: pa.Schema | None = None
    batch: list[dict[str, Any]] = []
    count = 0

    def flush() -> None:
        nonlocal writer, schema
        if not batch:
            return
        cleaned = [
            {k: (v if not isinstance(v, list | tuple) else list(map(str, v))) for k, v in r.items()}
            for r in batch
        ]
        table = pa.Table.from_pylist(cleaned, schema=schema)
        if writer is None:
            # A column empty in the first batch would be typed null; text is the safe guess.
            schema = pa.schema(
                [f if f.type != pa.null() else pa.field(f.name, pa.string()) for f in table.schema]
            )
            table = table.cast(schema)
            writer = pq.ParquetWriter(output, schema)
        writer.write_table(table)
        batch.clear()

    try:
        for row in rows:
            batch.append({k: v for k, v in row.items() if k not in drop})
            count += 1
            if len(batch) >= BATCH:
                flush()
        flush()
        if writer is None:  # no rows: still leave a valid, empty file
            pq.write_table(pa.table({}), output)
    finally:
        if writer is not None:
            writer.close()
    return count
