"""Scrapy commands for this project (COMMANDS_MODULE), overriding `scrapy crawl`."""
