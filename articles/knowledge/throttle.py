"""Rate limits for readers' writes, counted per client and per target in the default cache.

A client is known by `fingerprint()`: an HMAC of its network address keyed with SECRET_KEY,
so the address itself is never stored, and the 2^32 IPv4 addresses cannot be hashed in bulk
to reverse it without the key. An IPv6 client counts by its /64, which one host controls whole.
"""

import ipaddress
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

WINDOW_SECONDS = 3600


def client_address(request):
    """Return the client's address: behind DJANGO_PROXY_COUNT proxies, from X-Forwarded-For."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    address = request.META.get("REMOTE_ADDR", "")
    if proxies:
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:64]
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def fingerprint(request):
    """Return a 32-character keyed hash standing for the client's address."""
    return salted_hmac(
        "compendium.suggestions", client_address(request), algorithm="sha256"
    ).hexdigest()[:32]


@dataclass
class Limit:
    """A limit of `allowed` uses per subject per hour; one instance serves one request."""

    name: str
    allowed: int
    # subject -> the counter its `take()` counted in, for `give_back()`.
    _taken: dict = field(default_factory=dict, repr=False)

    def _key(self, subject, window):
        return f"throttle:{self.name}:{subject}:{window}"

    def take(self, subject):
        """Count one use by `subject` now; return 0 if it is allowed, else the seconds until
        it may try again (and count nothing).

        Counted before the work it allows, in one atomic step: requests at the same moment
        can never all slip under the limit together.
        """
        now = time.time()
        window = int(now // WINDOW_SECONDS)
        key = self._key(subject, window)
        cache.add(key, 0, timeout=WINDOW_SECONDS + 60)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=WINDOW_SECONDS + 60)
            used = 1
        if used <= self.allowed:
            self._taken[subject] = key
            return 0
        self._decrement(key)
        return max(1, int((window + 1) * WINDOW_SECONDS - now))

    def give_back(self, subject):
        """Undo this instance's `take()` for `subject`, whose work did not happen (the form
        had errors): in the hour it was counted in, even if the next one has begun since."""
        key = self._taken.pop(subject, None)
        if key is not None:
            self._decrement(key)

    @staticmethod
    def _decrement(key):
        try:
            cache.decr(key)
        except ValueError:
            pass  # expired meanwhile: nothing left to give back


def per_client():
    return Limit("suggest-client", getattr(settings, "COMPENDIUM_SUGGESTIONS_PER_HOUR", 5))


def per_target():
    return Limit(
        "suggest-target", getattr(settings, "COMPENDIUM_SUGGESTIONS_PER_TARGET_PER_HOUR", 20)
    )
