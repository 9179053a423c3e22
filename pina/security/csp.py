"""Content-Security-Policy scoped by area: strict on public pages, relaxed only where needed."""

from csp.middleware import CSPMiddleware, PolicyParts


class ScopedCSPMiddleware(CSPMiddleware):
    """The strict site policy everywhere; the admin may use inline styles.

    CKEditor 5 and the admin's widgets set element styles from JavaScript, which `style-src 'self'`
    blocks. Scripts stay restricted to our own origin everywhere, including the admin.
    """

    ADMIN_PREFIX = "/admin/"

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(self.ADMIN_PREFIX):
            update = dict(parts.update or {})
            update["style-src"] = ["'unsafe-inline'"]
            update["img-src"] = ["blob:"]
            parts.update = update
        return parts
