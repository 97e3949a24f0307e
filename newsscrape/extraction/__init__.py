"""Pure extraction functions: text, dates, URLs, pages.

Nothing in this package imports Scrapy, so every rule can be tested on plain strings and
reused outside a crawl (the CLI, notebooks, replays).
"""
