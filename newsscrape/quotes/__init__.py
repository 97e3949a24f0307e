"""Quote extraction and attribution: pure Python, no Scrapy, testable on plain strings."""
