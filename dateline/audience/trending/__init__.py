"""Trending: cookie-free read counting and a time-decayed list of the most-read stories."""
