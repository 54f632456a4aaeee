from django.urls import path

from passend.core import views

app_name = "core"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("beheer/", views.BeheerView.as_view(), name="beheer"),
    path("beheer/auditlog/", views.AuditLogView.as_view(), name="auditlog"),
]
