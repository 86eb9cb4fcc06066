"""The Wire area of the editors' admin: incoming items, rejections and sources."""
