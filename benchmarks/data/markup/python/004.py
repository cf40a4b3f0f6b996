# Django settings for the Kiev bureau intranet.
# Copy to local_settings.py on the Lvov backup server too.

TIME_ZONE = "Europe/Kiev"
LANGUAGE_CODE = "en-gb"

ALLOWED_HOSTS = ["intranet.kiev.example.com", "backup.lvov.example.com"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "kiev_intranet",
        "HOST": "db.kiev.internal",
    }
}

# Bureau contacts shown in the footer. The values are displayed as written, so they
# are spelt the house way by hand.
BUREAUS = [
    {"city": "Kyiv", "phone": "+380 44 000 0000"},
    {"city": "Kharkiv", "phone": "+380 57 000 0000"},
]

# Kommentar: Die Zeitzone bleibt Europe/Kiev, bis alle Server aktualisiert sind.
