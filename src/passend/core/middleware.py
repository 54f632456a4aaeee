from passend.core import audit


class AuditContextMiddleware:
    """Binds the request for the audit facade and records every refused request.

    Selectors and services note their refusals (with the object and the reason) on the
    request; they are written here, after any transaction of the refused action has ended.
    A 401/403/429 response for which nobody noted a reason still gets a generic row.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = audit.bind_request(request)
        try:
            response = self.get_response(request)
            audit.flush_denials(request, response.status_code)
            return response
        finally:
            audit.unbind_request(token)
