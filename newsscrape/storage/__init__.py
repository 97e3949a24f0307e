"""Storage: SQLAlchemy models, engine set-up, migrations and the corpus store.

Scrapy-free, so the CLI, the Python API and replays use the same code as the crawl.
"""
