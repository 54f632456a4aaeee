from django.urls import path

from passend.accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("account/uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("account/2fa/instellen/", views.OtpSetupView.as_view(), name="otp_setup"),
    path("account/2fa/verifieren/", views.OtpVerifyView.as_view(), name="otp_verify"),
    path("account/wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path("account/wachtwoord-vergeten/verstuurd/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "account/wachtwoord/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"
    ),
    path("account/wachtwoord/ingesteld/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("account/api-token/", views.ApiTokenView.as_view(), name="api_token"),
    path("uitnodiging/<str:token>/", views.UitnodigingView.as_view(), name="uitnodiging"),
    path("beheer/gebruikers/", views.GebruikerListView.as_view(), name="gebruiker_list"),
    path("beheer/gebruikers/nieuw/", views.GebruikerCreateView.as_view(), name="gebruiker_create"),
    path("beheer/gebruikers/<int:pk>/", views.GebruikerDetailView.as_view(), name="gebruiker_detail"),
]
