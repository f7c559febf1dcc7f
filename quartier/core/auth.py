"""Login helpers shared by allauth, axes and the admin site."""


def axes_username(request, credentials) -> str | None:
    """The login name axes counts failures for: allauth sends `email`, the admin `username`."""
    credentials = credentials or {}
    name = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if name is None and request is not None and request.method == "POST":
        name = request.POST.get("login") or request.POST.get("username")
    return name.strip().lower() if isinstance(name, str) else name
