"""Guards shared by the public site, the admin and the wire: throttles, response headers and
the per-install secret key."""
