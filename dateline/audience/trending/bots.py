"""Crawlers, link previewers and scripts: their fetches are not reads."""

from __future__ import annotations

import re

# Matched anywhere in the lower-cased User-Agent (cheaper than a case-insensitive pattern).
# Generic words first, then agents that do not call themselves bots.
AGENT_PATTERNS = (
    r"bot\b",
    r"bot/",
    r"crawl",
    r"spider",
    r"slurp",
    r"archiver",
    r"scraper",
    r"preview",
    r"headless",
    r"phantomjs",
    r"lighthouse",
    r"pagespeed",
    r"pingdom",
    r"uptime",
    r"monitor",
    r"facebookexternalhit",
    r"facebookcatalog",
    r"embedly",
    r"quora link",
    r"outbrain",
    r"pinterest",
    r"vkshare",
    r"w3c_validator",
    r"whatsapp",
    r"skypeuripreview",
    r"flipboard",
    r"feedfetcher",
    r"feedly",
    r"newsblur",
    r"inoreader",
    r"mediapartners",
    r"apis-google",
    r"python-requests",
    r"python-urllib",
    r"aiohttp",
    r"httpx",
    r"curl/",
    r"wget/",
    r"go-http-client",
    r"java/",
    r"okhttp",
    r"libwww",
    r"scrapy",
    r"axios",
    r"node-fetch",
    r"httpclient",
    r"postmanruntime",
    r"insomnia",
    r"ahrefs",
    r"semrush",
    r"mj12",
    r"dotbot",
    r"petalbot",
    r"bytespider",
    r"gptbot",
    r"ccbot",
    r"claudebot",
    r"perplexity",
    r"yandex",
    r"baiduspider",
    r"duckduckgo",
    r"applebot",
    r"bingpreview",
    r"google-inspectiontool",
)
_AGENTS = re.compile("|".join(AGENT_PATTERNS))


def is_bot(user_agent: str) -> bool:
    """True for a known automated agent, and for a request that names no agent at all."""
    agent = user_agent.strip().lower()
    return not agent or _AGENTS.search(agent) is not None
