vcl 4.1;
# Varnish in front of Compendium: caches what the app marks public, for as long as its
# s-maxage says, and drops exactly the pages a change touches when the app sends
#   PURGE / with "Surrogate-Key: key1 key2 ..."   (COMPENDIUM_PURGE_URL=http://varnish:6081/)
# Point the backend at the app servers (tests replace the port).

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the app servers.
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
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # The app's s-maxage decides how long; private, no-store and Set-Cookie are never kept
    # (Varnish's built-in rules). Keep objects a little past their TTL only to revalidate.
    set beresp.grace = 0s;
    set beresp.keep = 1h;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
