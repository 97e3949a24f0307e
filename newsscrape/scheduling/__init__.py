"""Recurring crawls: schedules kept in the corpus database, run by `newsscrape scheduler`."""
