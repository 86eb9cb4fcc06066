from django.urls import path

from dateline.wire.transports.push import push

app_name = "wire"

urlpatterns = [
    path("push/<slug:slug>/", push, name="push"),
]
