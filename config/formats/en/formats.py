# Every date-time shown with its time zone (the admin's read-only dates, mostly): an editor in
# another zone knows which clock "9 a.m." is on. https://docs.djangoproject.com/en/6.1/topics/i18n/formatting/
DATETIME_FORMAT = "N j, Y, P T"
SHORT_DATETIME_FORMAT = "m/d/Y P T"
