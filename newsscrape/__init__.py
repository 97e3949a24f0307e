"""newsscrape: crawl paginated news and press-release listings into a deduplicated corpus.

For analysis: `from newsscrape import Corpus` (imported on first use, so the crawler and the
command line do not load pandas).
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["Corpus", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Corpus":
        from newsscrape.query.corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'newsscrape' has no attribute {name!r}")
