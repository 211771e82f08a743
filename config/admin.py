from django.contrib.admin import AdminSite


class PortalAdminSite(AdminSite):
    """The Django admin is the national administrators' tool.

    It sees across every county, so coordinators (even with is_staff set) work in
    the workspace, where everything is scoped to their counties.
    """

    site_header = "Miljömålslöften"
    site_title = "Miljömålslöften"

    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser
