vcl 4.1;
# Varnish in front of Compendium: caches what the app marks public, for as long as its
# s-maxage says, and drops exactly the pages a change touches when the app sends
#   PURGE / with "Surrogate-Key: key1 key2 ..."   (COMPENDIUM_PURGE_URL=http://varnish:6081/)
# Point the backend at the app servers (tests replace the port).

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers (add their addresses).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from here."));
        }
        if (!req.http.Surrogate-Key || req.http.Surrogate-Key !~ "^[a-z0-9 :-]+$") {
            return (synth(400, "Name the surrogate keys to purge."));
        }
        # A ban on an object header: the ban lurker applies it in the background.
        # No spaces inside the expression: ban() splits its argument at them.
        ban("obj.http.Surrogate-Key ~ (^|[[:space:]])(" + regsuball(req.http.Surrogate-Key, " +", "|") + ")([[:space:]]|$)");
        return (synth(200, "Purged."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/") {
        return (pass);
    }
    # Signed-in editors always see fresh pages; readers' other cookies change nothing.
    # (The cookie is Django's SESSION_COOKIE_NAME, "sessionid" unless you changed it.)
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_hash {
    # Pages carry absolute URLs: http and https copies are different pages.
    hash_data(req.http.X-Forwarded-Proto);
}

sub vcl_backend_response {
    # Keep only what the app marks public (its s-maxage says how long): never a redirect to
    # HTTPS, an error page or anything private.
    if (beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Keep objects a little past their TTL only to revalidate them with the ETag.
    set beresp.grace = 0s;
    set beresp.keep = 1h;
}

sub vcl_deliver {
    # Surrogate keys are for us and the CDN, not for browsers.
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
