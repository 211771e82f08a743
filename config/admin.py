from django.contrib.admin import AdminSite
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError


class NationalAdminLoginForm(AdminAuthenticationForm):
    """The admin's login admits whom the admin admits: national administrators.

    Django's checks is_staff; a coordinator with is_staff would be signed in
    here only to be refused every page. Refused, they get the same answer as
    for a wrong password, as someone who is not staff does.
    """

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class PortalAdminSite(AdminSite):
    """The Django admin is the national administrators' tool.

    It sees across every county, so coordinators (even with is_staff set) work in
    the workspace, where everything is scoped to their counties.

    Its pages ask for the second factor, as every coordinator page does: the
    password alone is not enough (has_permission).

    Its login goes through the same throttling (django-axes: the backend, the
    middleware and the address normalised by actors.throttling.login_address)
    as the portal's, and a lock shows the same page.
    """

    site_header = "Miljömålslöften"
    site_title = "Miljömålslöften"
    login_form = NationalAdminLoginForm

    def has_permission(self, request):
        # And the second factor given in this session (actors/second_factor.py): the
        # portal's middleware sends a session that owes it to the code page first.
        from actors.second_factor import is_verified

        return request.user.is_active and request.user.is_superuser and is_verified(request)
