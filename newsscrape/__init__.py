"""newsscrape: crawl paginated news and press-release listings into a deduplicated corpus."""

__version__ = "0.1.0"
