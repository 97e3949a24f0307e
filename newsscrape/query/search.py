"""Search expressions: parsed into a tree, then rendered for SQLite FTS5 or PostgreSQL.

The syntax analysts type, the same on every backend:

    climate justice          both words (AND is implicit)
    "death penalty"          a phrase
    torture OR "ill-treatment"
    protest NOT football     NOT excludes what follows it (it needs something before it)
    detain*                  a prefix: detain, detained, detention…
    (Navalny OR Navalnyi) AND court

The input is parsed, never pasted: every word of the rendered query is rebuilt from the
tree, quoted for FTS5 or reduced to word characters for `to_tsquery`, and the result is
passed as a bound parameter. A malformed expression raises `SearchSyntaxError` saying where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'\s*(?:(?P<phrase>"[^"]*"?)|(?P<paren>[()])|(?P<word>[^\s()"]+))', re.UNICODE)
_WORD_CHARS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
OPERATORS = ("AND", "OR", "NOT")


class SearchSyntaxError(ValueError):
    """A search expression that cannot be parsed; the message says where."""

    def __init__(self, message: str, expression: str, position: int) -> None:
        pointer = f"\n  {expression}\n  {' ' * position}^"
        super().__init__(f"bad search expression: {message} (at character {position + 1}){pointer}")
        self.position = position


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # one word, or a phrase
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class Op:
    op: str  # AND | OR | NOT (NOT: left AND NOT right)
    left: Node
    right: Node


Node = Term | Op


def _tokens(expression: str) -> list[tuple[str, str, int]]:
    out = []
    pos = 0
    while pos < len(expression):
        match = _TOKEN.match(expression, pos)
        if not match or match.end() == pos:
            if expression[pos:].strip():
                raise SearchSyntaxError("unexpected character", expression, pos)
            break
        start = match.start(match.lastgroup or 0)
        kind = match.lastgroup or ""
        value = match.group(kind)
        if kind == "phrase" and (len(value) < 2 or not value.endswith('"')):
            raise SearchSyntaxError('a phrase is not closed with "', expression, start)
        if kind == "word" and value in OPERATORS:
            kind = "op"
        if kind == "word" and not _WORD_CHARS.search(value):
            pos = match.end()  # punctuation alone ("--", ";") searches for nothing: skip it
            continue
        out.append((kind, value, start))
        pos = match.end()
    return out


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens = _tokens(expression)
        self.i = 0

    def error(self, message: str, at: int | None = None) -> SearchSyntaxError:
        if at is None:
            at = self.tokens[self.i][2] if self.i < len(self.tokens) else len(self.expression)
        return SearchSyntaxError(message, self.expression, at)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node:
        if not self.tokens:
            raise self.error("the search is empty (no words to look for)", 0)
        node = self.or_expr()
        if (extra := self.peek()) is not None:
            if extra[:2] == ("paren", ")"):
                raise self.error("a ')' has no matching '('")
            raise self.error(f"unexpected {extra[1]!r}")
        return node

    def or_expr(self) -> Node:
        node = self.and_expr()
        while (tok := self.peek()) and tok[:2] == ("op", "OR"):
            self.i += 1
            node = Op("OR", node, self.and_expr())
        return node

    def and_expr(self) -> Node:
        node = self.primary()
        while (tok := self.peek()) and not (tok[0] == "paren" and tok[1] == ")"):
            if tok[:2] == ("op", "OR"):
                break
            op = "AND"
            if tok[0] == "op":
                self.i += 1
                op = tok[1]
                if op == "AND" and (nxt := self.peek()) and nxt[:2] == ("op", "NOT"):
                    self.i += 1
                    op = "NOT"
            node = Op(op, node, self.primary())
        return node

    def primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("a search term is missing at the end")
        kind, value, at = tok
        self.i += 1
        if kind == "paren" and value == "(":
            node = self.or_expr()
            close = self.peek()
            if close is None or close[:2] != ("paren", ")"):
                raise self.error("a '(' is not closed", at)
            self.i += 1
            return node
        if kind == "paren":
            raise self.error("a ')' has no matching '('", at)
        if kind == "op":
            hint = " (it needs a term before it)" if value == "NOT" else ""
            raise self.error(f"{value} where a term was expected{hint}", at)
        if kind == "phrase":
            words = tuple(_WORD_CHARS.findall(value[1:-1]))
            if not words:
                raise self.error("an empty phrase", at)
            return Term(words)
        prefix = value.endswith("*")
        words = tuple(_WORD_CHARS.findall(value.rstrip("*")))
        if not words:
            raise self.error(f"{value!r} has no letters or digits", at)
        if prefix and len(words) > 1:
            raise self.error("a prefix * applies to one word", at)
        return Term(words, prefix)


def parse_search(expression: str) -> Node:
    """The expression as a tree; raises SearchSyntaxError with the position of the problem."""
    return _Parser(expression).parse()


def to_fts5(node: Node) -> str:
    """An FTS5 MATCH string: every word double-quoted, so nothing in it is FTS5 syntax."""
    if isinstance(node, Term):
        quoted = '"' + " ".join(w.replace('"', '""') for w in node.words) + '"'
        return quoted + " *" if node.prefix else quoted
    return f"({to_fts5(node.left)} {node.op} {to_fts5(node.right)})"


def to_tsquery(node: Node) -> str:
    """A PostgreSQL `to_tsquery('simple', …)` string built only from word characters."""
    if isinstance(node, Term):
        # "ill-treatment" is two lexemes to PostgreSQL's parser: a phrase of its parts.
        words = [part for w in node.words for part in re.findall(r"[^\W_]+", w.lower())]
        text = " <-> ".join(words or ["_"])
        return f"{text}:*" if node.prefix else f"({text})"
    symbol = {"AND": "&", "OR": "|", "NOT": "& !"}[node.op]
    return f"({to_tsquery(node.left)} {symbol} {to_tsquery(node.right)})"


def words_of(node: Node) -> list[tuple[str, bool]]:
    """Every (word, is_prefix) the expression looks for, for highlighting."""
    if isinstance(node, Term):
        return [(w, node.prefix and i == len(node.words) - 1) for i, w in enumerate(node.words)]
    if node.op == "NOT":
        return words_of(node.left)
    return words_of(node.left) + words_of(node.right)
