"""A picture of the corpus: quotes per month for the top speakers and organisations.

Counted in the database (GROUP BY identity and month), so the report costs the same for a
thousand quotes or ten million; drawn with matplotlib's non-interactive backend, so it works
on a server with no display. The HTML page embeds the same PNG and the numbers behind it.
"""

from __future__ import annotations

import base64
import html
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from newsscrape.query.corpus import Corpus, apply_common_filters
from newsscrape.query.filters import Filters
from newsscrape.storage.models import ArticleRow, QuoteRow, SourceRow, SpeakerRow


@dataclass(slots=True)
class Series:
    title: str
    months: list[date] = field(default_factory=list)
    lines: dict[str, list[int]] = field(default_factory=dict)  # name -> count per month


def _month(value: date) -> date:
    return date(value.year, value.month, 1)


def monthly_counts(corpus: Corpus, filters: Filters, *, by: str, top: int) -> Series:
    """Quotes per month of the `top` speakers (by="speaker") or organisations (by="org")."""
    named = aliased(SpeakerRow)
    identity = aliased(SpeakerRow)
    if by == "speaker":
        key = identity.name
        title = f"Quotes per month, top {top} speakers"
    else:
        key = func.coalesce(QuoteRow.organisation, case((identity.kind == "org", identity.name)))
        title = f"Quotes per month, top {top} organisations"
    query = (
        select(key.label("key"), ArticleRow.published_date, func.count().label("n"))
        .select_from(QuoteRow)
        .join(ArticleRow, ArticleRow.id == QuoteRow.article_id)
        .join(SourceRow, SourceRow.id == ArticleRow.source_id)
        .join(named, named.id == QuoteRow.speaker_id)
        .join(identity, identity.id == func.coalesce(named.merged_into_id, named.id))
        .where(QuoteRow.kind == "quote", ArticleRow.published_date.is_not(None))
        .group_by(key, ArticleRow.published_date)
    )
    query = apply_common_filters(query, filters)
    counts: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    with corpus.engine.connect() as conn:
        for name, day, n in conn.execute(query):
            if name:
                counts[name][_month(day)] += n
    leaders = sorted(counts, key=lambda k: (-sum(counts[k].values()), k))[:top]
    series = Series(title)
    if not leaders:
        return series
    first = min(min(counts[k]) for k in leaders)
    last = max(max(counts[k]) for k in leaders)
    month = first
    while month <= last:
        series.months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for name in leaders:
        series.lines[name] = [counts[name].get(m, 0) for m in series.months]
    return series


def render_png(panels: list[Series]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    fig, axes = plt.subplots(len(panels), 1, figsize=(10, 4.2 * len(panels)), squeeze=False)
    for ax, series in zip(axes[:, 0], panels, strict=True):
        if not series.lines:
            ax.text(0.5, 0.5, "No dated quotes yet", ha="center", va="center")
            ax.set_axis_off()
            continue
        # Grouped bars: months are categories, so a quiet month shows as a gap, not a slope.
        width = 0.8 / len(series.lines)
        positions = range(len(series.months))
        for i, (name, values) in enumerate(series.lines.items()):
            ax.bar([p + i * width for p in positions], values, width, label=name)
        ax.set_xticks([p + 0.4 - width / 2 for p in positions])
        step = max(1, len(series.months) // 24)
        ax.set_xticklabels(
            [f"{m:%Y-%m}" if i % step == 0 else "" for i, m in enumerate(series.months)],
            rotation=45, ha="right",
        )  # fmt: skip
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(series.title)
        ax.set_ylabel("quotes")
        ax.grid(axis="y", alpha=0.3)
        ax.legend(fontsize=8, loc="upper left", frameon=False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def render_html(panels: list[Series], png: bytes, title: str) -> str:
    image = base64.b64encode(png).decode("ascii")
    tables = []
    for series in panels:
        if not series.lines:
            continue
        head = "".join(f"<th>{m:%Y-%m}</th>" for m in series.months)
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(name)}</th>"
            + "".join(f"<td>{v}</td>" for v in values)
            + "</tr>"
            for name, values in series.lines.items()
        )
        tables.append(
            f"<h2>{html.escape(series.title)}</h2><table><thead><tr><th></th>{head}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "table{border-collapse:collapse;margin-bottom:2em}td,th{border:1px solid #ccc;"
        "padding:2px 6px;text-align:right}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f"<img alt='Quotes per month' src='data:image/png;base64,{image}'>"
        + "".join(tables)
        + "</body></html>"
    )


def write_report(corpus: Corpus, filters: Filters, output: Path, top: int = 5) -> list[Path]:
    """Write OUTPUT.png and OUTPUT.html; returns both paths."""
    panels = [
        monthly_counts(corpus, filters, by="speaker", top=top),
        monthly_counts(corpus, filters, by="org", top=top),
    ]
    png = render_png(panels)
    png_path = output.with_suffix(".png")
    html_path = output.with_suffix(".html")
    png_path.write_bytes(png)
    html_path.write_text(render_html(panels, png, "newsscrape: who is quoted, when"), "utf-8")
    return [png_path, html_path]
