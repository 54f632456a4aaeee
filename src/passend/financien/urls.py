from django.urls import path

from passend.financien import views

app_name = "financien"

urlpatterns = [
    path("financien/", views.FinancienView.as_view(), name="start"),
    path("financien/<int:jaar>/", views.DashboardView.as_view(), name="dashboard"),
    path("financien/<int:jaar>/posten/<int:post_pk>/", views.PostView.as_view(), name="post"),
    path("financien/<int:jaar>/besturen/<int:bestuur_pk>/", views.BestuurView.as_view(), name="bestuur"),
    path("financien/<int:jaar>/scholen/<int:school_pk>/", views.SchoolbudgetView.as_view(), name="school"),
]
