# A django-cas-server for the tests (tests/src/idp/cas.rs): a real CAS
# 1/2/3 server on loopback, its database in CAS_DB.
import os

SECRET_KEY = "liaison-tests-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "cas_server",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "cas_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["CAS_DB"]}}
USE_TZ = True
LANGUAGE_CODE = "zh-hans"
STATIC_URL = "/static/"
# A test server: fast hashes, no page asset from the internet.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CAS_AUTH_CLASS = "cas_server.auth.DjangoAuthUser"
CAS_LOGO_URL = None
CAS_FAVICON_URL = None
CAS_SHOW_POWERED = False
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_COMPONENT_URLS = {
    k: "data:,"
    for k in [
        "bootstrap3_css",
        "bootstrap3_js",
        "html5shiv",
        "respond",
        "bootstrap4_css",
        "bootstrap4_js",
        "jquery",
    ]
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
