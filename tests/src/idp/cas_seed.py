# Accounts of the test CAS server and the one service it serves (any
# loopback port of ours), releasing `username` as accountName and
# `first_name` as cn, with single logout. Reads [[username, password,
# name], ...] as JSON from stdin.
import json
import sys

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from cas_server.models import ReplaceAttributName, ServicePattern  # noqa: E402

User = get_user_model()
for username, password, name in json.load(sys.stdin):
    User.objects.create_user(username=username, password=password, first_name=name)
sp = ServicePattern.objects.create(
    pos=0,
    name="liaison",
    pattern=r"^http://127\.0\.0\.1:[0-9]+/api/v1/auth/cas/callback$",
    user_field="username",
    single_log_out=True,
)
ReplaceAttributName.objects.create(name="username", replace="accountName", service_pattern=sp)
ReplaceAttributName.objects.create(name="first_name", replace="cn", service_pattern=sp)
