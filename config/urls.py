from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tracker.ratelimit import password_rate_limited

# Password change and reset, rate-limited (tracker/ratelimit.py), before Django's own
# URLs of the same names; their pages are the app's (templates/registration/).
password_urls = [
    path(
        "accounts/password_change/",
        password_rate_limited("password-change")(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        password_rate_limited("password-reset")(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        password_rate_limited("password-reset-confirm")(
            auth_views.PasswordResetConfirmView.as_view()
        ),
        name="password_reset_confirm",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    *password_urls,
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tracker.urls")),
]
