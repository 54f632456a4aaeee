from django.urls import path

from passend.trajecten import views

app_name = "trajecten"

urlpatterns = [
    path("trajecten/", views.TrajectListView.as_view(), name="lijst"),
    path("trajecten/nieuw/", views.SchoolTrajectStartView.as_view(), name="start_school"),
    path("trajecten/<int:pk>/", views.TrajectDetailView.as_view(), name="detail"),
    path("trajecten/<int:pk>/overleggen/<int:overleg_pk>/", views.OverlegView.as_view(), name="overleg"),
    path("trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/", views.AanvraagView.as_view(), name="aanvraag"),
    path(
        "trajecten/<int:pk>/aanvragen/<int:aanvraag_pk>/besluit.pdf",
        views.BesluitbriefView.as_view(),
        name="besluitbrief",
    ),
    path("leerlingen/<int:pk>/trajecten/nieuw/", views.LeerlingTrajectStartView.as_view(), name="start"),
    path("routes/", views.RouteListView.as_view(), name="routes"),
    path("routes/<int:pk>/", views.RouteDetailView.as_view(), name="route"),
    path("routes/<int:pk>/bewerken/", views.RouteBronView.as_view(), name="route_bron"),
    path("routes/<int:pk>/stappen/<slug:code>/", views.StapView.as_view(), name="stap"),
]
