from django.urls import path

from . import views

app_name = "trending"

urlpatterns = [
    path("beacon/", views.beacon, name="beacon"),
]
