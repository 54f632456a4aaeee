from passend.core import audit


class AuditContextMiddleware:
    """Binds the request for the audit facade and records every refused request.

    Denials show up as 401/403 responses from views and the API alike (429: a login refused
    during a lockout); a 404 that hides an
    object outside the actor's scope is logged where the lookup is refused (selectors).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.bind_request(request)
        try:
            response = self.get_response(request)
            if response.status_code in (401, 403, 429) and not getattr(request, "_passend_denial_logged", False):
                audit.log_denied(reason=f"HTTP {response.status_code}", object_type="request")
            return response
        finally:
            audit.unbind_request(token)
