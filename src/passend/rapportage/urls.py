from django.urls import path

from passend.rapportage import export_views, views

app_name = "rapportage"

urlpatterns = [
    path("rapportage/", views.DashboardView.as_view(), name="dashboard"),
    path("rapportage/lijst/", views.LijstView.as_view(), name="lijst"),
    path("rapportage/jaarverslag/", export_views.JaarverslagView.as_view(), name="jaarverslag"),
    path("rapportage/exports/", export_views.MijnExportsView.as_view(), name="exports"),
    path("rapportage/exports/<int:pk>/", export_views.ExportView.as_view(), name="export"),
    path("rapportage/exports/<int:pk>/download/", export_views.ExportDownloadView.as_view(), name="export_download"),
]
