from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Adds the site's content security policy to every HTML response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response and not request.path.startswith("/api/v1/docs"):
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response
