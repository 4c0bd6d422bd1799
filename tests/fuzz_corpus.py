"""What an attacker or a broken link puts where a value goes, for tests/test_fuzz.py."""

# Path segments: filled into every `<converter>` of a routed pattern.
HOSTILE_PARTS = ["²", "٣", "-1", "9" * 30, "%00", "a" * 300, "x'--", '"NEAR(a b)*"', "..%2F"]

# Query strings added to public pages.
HOSTILE_QUERIES = [
    "page=²",
    "page=⁴",
    "page=-1",
    "page=99999999999999999999999",
    "page=1&page=2&page=%00",
    "related_page=²",
    "p=²",
    "q=%22a%22+OR+NEAR(b+c)+*&type=..%2F&topic=%00",
    "q=" + "x" * 5000,
    "industry=%00&family=" + "f" * 500,
    "a=²&b=٣&c=%00&diff=²",
    "article=²&comparison=⁴&days=³&a=٣&b=²",
]

# Fewer, for the admin's many patterns.
ADMIN_PARTS = ["²", "9" * 30]
ADMIN_QUERIES = [
    "p=²&o=²&q=%00",
    "page=⁴&_changelist_filters=%00&_popup=²&months=²",
    "article=²&comparison=⁴&a=٣&b=9999999999999999999",
    "_to_field=%00&app_label=articles&model_name=article&field_name=author&term=%22NEAR(a+b)*%22",
    "published_at__gte=9999-99-99&verified_on__lt=²&status__exact=%00",
]

# Values posted into form fields. A list is posted as repeated keys; a tuple spreads over a
# field's parts (date, time), its first item going to a field of one part.
HOSTILE_TEXT = '²٣ "NEAR(a b)*" OR -x\'-- ..%2F'
HOSTILE_VALUES = [
    "²",
    "٣",
    "-1",
    "9" * 30,
    "2147483648",
    "a" * 5000,
    "x\x00y",
    HOSTILE_TEXT,
    ["1", "²", "\x00"],
    ("9999-12-31", "23:59:59"),
    ("0001-01-01", "00:00"),
]

# Posted to addresses that take no form (and to hostile addresses), to check they refuse it.
HOSTILE_BODY = {
    "_selected_action": ["²", "9" * 30],
    "action": "\x00",
    "days": "٣",
    "article": "9" * 30,
    "opened_version": "9" * 30,
    "title": "a" * 5000,
    "body": '"NEAR(a b)*"\x00',
}
