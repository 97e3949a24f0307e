"""Spiders. One generic spider reads any source file; no per-site Python."""
