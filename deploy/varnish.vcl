vcl 4.1;
# Dateline front cache: anonymous pages from cache, editors and forms straight to the app,
# purges from the app itself. What changes every minute (Trending, Latest, related coverage)
# is a fragment of its own that the page's script fetches, each a plain hit here.

import std;

backend dateline {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    .probe = {
        .url = "/robots.txt";
        .interval = 5s;
        .timeout = 2s;
        .window = 5;
        .threshold = 3;
    }
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    # varnishd has already appended the reader's address (client.ip) to X-Forwarded-For. The
    # app believes that last entry because this proxy is listed in DATELINE_TRUSTED_PROXIES,
    # and ignores whatever a reader wrote into the header before it.
    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        return (purge);
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, forms and the beacon are per person: never cached.
    if (req.url ~ "^/(admin|django-admin|feedback|newsletter|beacon|wire)(/|$)") {
        return (pass);
    }
    # Readers carry no cookies the site needs; an editor's session bypasses the cache.
    if (req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    # Tracking parameters never make a different page.
    set req.url = regsuball(req.url, "(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "");
    set req.url = regsub(req.url, "[?&]$", "");
    return (hash);
}

sub vcl_backend_response {
    # Browsers revalidate quickly; only the front cache keeps pages for s-maxage (the TTL is
    # already taken from it). Rewritten once here, not on every hit.
    if (beresp.http.Cache-Control ~ "s-maxage") {
        set beresp.http.Cache-Control = regsub(beresp.http.Cache-Control, "s-maxage=[0-9]+", "");
        set beresp.http.Cache-Control = regsuball(beresp.http.Cache-Control, ",\s*,", ",");
        set beresp.http.Cache-Control = regsub(beresp.http.Cache-Control, ",\s*$", "");
    }
    # Keep serving a stale page for a while if the app is down or slow.
    set beresp.grace = 6h;
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
