"""Accounts under /konto/: the names are django.contrib.auth's own (login, logout, …),
outside the `actors` namespace, hence a module of their own."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .forms import EmailedPasswordResetForm, LoginForm
from .views import accounts, second_factor

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-in/kod/", second_factor.second_factor, name="second_factor"),
    path("tvastegsverifiering/", second_factor.enrol, name="second_factor_enrol"),
    path(
        "tvastegsverifiering/reservkoder/",
        second_factor.recovery_codes,
        name="second_factor_recovery_codes",
    ),
    path(
        "tvastegsverifiering/reservkoder/nya/",
        second_factor.new_recovery_codes,
        name="second_factor_new_codes",
    ),
    path("tvastegsverifiering/ta-bort/", second_factor.remove, name="second_factor_remove"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("losenord/", accounts.password_change, name="password_change"),
    path(
        "losenord/bytt/",
        auth_views.PasswordChangeDoneView.as_view(extra_context={"workspace_section": "account"}),
        name="password_change_done",
    ),
    path(
        "losenord/aterstall/",
        auth_views.PasswordResetView.as_view(form_class=EmailedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "losenord/aterstall/skickat/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "losenord/aterstall/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/aterstall/klart/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("inbjudan/", accounts.invitation_link, name="invitation_link"),
    path("inbjudan/<int:pk>/svara/", accounts.invitation_answer, name="invitation_answer"),
    path("lank/", accounts.accept_link, name="accept_link"),
    path("lank/ny/", accounts.request_link, name="request_link"),
    path("lank/ny/skickad/", accounts.request_link_sent, name="request_link_sent"),
]
