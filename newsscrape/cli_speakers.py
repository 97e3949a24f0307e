"""`newsscrape speakers …`: see, merge and split speaker identities across the corpus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from newsscrape.cliutil import corpus_engine, db_option, fail, out, output_options
from newsscrape.storage.speakers import SpeakerDirectory, SpeakerError


def _directory(db_url: str | None) -> SpeakerDirectory:
    return SpeakerDirectory(corpus_engine(db_url))


def _list_options(func: Any) -> Any:
    options = [
        click.option("--search", metavar="TEXT", help="Only names containing TEXT."),
        click.option(
            "--sort", type=click.Choice(["quotes", "name", "first", "last"]), default="quotes",
            show_default=True, help="Most quoted, by name, by first or by latest quote date.",
        ),
        click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return output_options(func)


def _list(
    db_url: str | None, search: str | None, sort: str, limit: int, fmt: str, output: Path | None
) -> None:
    from newsscrape.query.corpus import Corpus
    from newsscrape.query.export import write_rows

    rows = Corpus(corpus_engine(db_url)).iter_speakers(search=search, sort=sort, limit=limit)
    if fmt != "table":
        try:
            count = write_rows(rows, fmt, output)
        except (ValueError, OSError) as exc:
            fail(str(exc))
        if output is not None:
            out.print(f"{count} speakers written to {output}", highlight=False)
        return
    table = Table()
    columns = ("id", "speaker", "kind", "quotes", "first", "last", "also quoted as", "latest role")
    for column in columns:
        table.add_column(column, justify="right" if column in ("id", "quotes") else "left")
    count = 0
    for row in rows:
        count += 1
        table.add_row(
            str(row["speaker_id"]), escape(row["name"]), row["kind"], str(row["quotes"]),
            str(row["first_quote"] or ""), str(row["last_quote"] or ""),
            escape(", ".join(row["aliases"])), escape(row["roles"][0] if row["roles"] else ""),
        )  # fmt: skip
    if not count:
        out.print("No speakers yet." if not search else f"No speaker matches {search!r}.")
        return
    out.print(table)


@click.group(invoke_without_command=True)
@_list_options
@click.pass_context
def speakers(ctx: click.Context, **options: Any) -> None:
    """Speaker identities: every name a person or organisation was quoted under.

    Without a subcommand, lists them (the same as `speakers list`).

    \b
    Examples:
      newsscrape speakers --sort last --limit 10
      newsscrape speakers --search roth --format csv --output roth.csv
    """
    if ctx.invoked_subcommand is None:
        _list(**options)


@speakers.command("list")
@_list_options
def speakers_list(**options: Any) -> None:
    """Identities with their other names, quote counts, first and last quote, latest role.

    \b
    Example:
      newsscrape speakers list --search zviagina
    """
    _list(**options)


@speakers.command("show")
@click.argument("speaker")
@db_option
def speakers_show(speaker: str, db_url: str | None) -> None:
    """One identity: its names, the roles seen with dates, and why names were merged.

    SPEAKER is an id or any name the speaker was quoted under.

    \b
    Example:
      newsscrape speakers show "Natalia Zviagina"
    """
    directory = _directory(db_url)
    try:
        ident = directory.identity(speaker)
    except SpeakerError as exc:
        fail(str(exc))
    out.print(f"[bold]{ident.name}[/] (id {ident.id}, {ident.kind}, {ident.quotes} quotes)")
    out.print("Names:")
    names = {sid: name for sid, name, _ in ident.names}
    for sid, name, count in ident.names:
        out.print(f"  {sid:>5}  {name}  ({count} quotes)", highlight=False)
    if ident.roles:
        out.print("Roles:")
        for role in ident.roles:
            what = ", ".join(x for x in (role["title"], role["organisation"]) if x) or "—"
            span = f"{role['first_seen'] or '?'} → {role['last_seen'] or '?'}"
            out.print(f"  {span}  {what}  [{names[role['speaker_id']]}]", highlight=False)
    if ident.links:
        out.print("History:")
        for link in ident.links:
            a = names.get(link["speaker_id"], f"#{link['speaker_id']}")
            b = names.get(link["other_id"], f"#{link['other_id']}")
            undone = f" (undone {link['undone_at']:%Y-%m-%d})" if link["undone_at"] else ""
            evidence = f"; evidence: {', '.join(link['evidence'])}" if link["evidence"] else ""
            out.print(
                f"  {link['created_at']:%Y-%m-%d} {link['method']} {link['action']} {a} + {b}: "
                f"{link['reason']}{evidence}{undone}",
                highlight=False,
            )


@speakers.command("merge")
@click.argument("speaker")
@click.argument("other")
@click.option("--reason", help="Why they are one speaker (kept in the history).")
@db_option
def speakers_merge(speaker: str, other: str, reason: str | None, db_url: str | None) -> None:
    """Record that SPEAKER and OTHER are one person or organisation.

    \b
    Example:
      newsscrape speakers merge "Aleksei Navalny" "Alexei Navalny" --reason "same person"
    """
    try:
        ident = _directory(db_url).merge(speaker, other, reason)
    except SpeakerError as exc:
        fail(str(exc))
    names = ", ".join(name for _, name, _ in ident.names)
    out.print(f"Merged: {ident.name} (id {ident.id}) is now quoted as {names}.", highlight=False)


@speakers.command("split")
@click.argument("speaker")
@click.option("--reason", help="Why they are different speakers (kept in the history).")
@db_option
def speakers_split(speaker: str, reason: str | None, db_url: str | None) -> None:
    """Take the name SPEAKER out of its identity, and keep it apart from then on.

    \b
    Example:
      newsscrape speakers split "Kristina Roth" --reason "not Kenneth Roth"
    """
    directory = _directory(db_url)
    try:
        others = directory.split(speaker, reason)
    except SpeakerError as exc:
        fail(str(exc))
    out.print(
        f"Split: {speaker} is its own speaker again, kept apart from {len(others)} other name(s).",
        highlight=False,
    )


@speakers.command("resolve")
@click.option("--dry-run", is_flag=True, help="Show the merges without making them.")
@db_option
def speakers_resolve(dry_run: bool, db_url: str | None) -> None:
    """Apply the automatic merge rules to the whole corpus (crawls do this after each run).

    \b
    Example:
      newsscrape speakers resolve --dry-run
    """
    directory = _directory(db_url)
    made = directory.resolve(dry_run=dry_run)
    if not made:
        out.print("No new merges.")
        return
    verb = "Would merge" if dry_run else "Merged"
    for proposal in made:
        a, b = directory.identity(proposal.a), directory.identity(proposal.b)
        names = {sid: name for ident in (a, b) for sid, name, _ in ident.names}
        evidence = f" (evidence: {', '.join(proposal.evidence)})" if proposal.evidence else ""
        out.print(
            f"{verb} {names[proposal.a]} + {names[proposal.b]}: {proposal.reason}{evidence}",
            highlight=False,
        )
