"""E-mail to a newly added staff member with a link to set their password."""

from allauth.account.forms import ResetPasswordForm


def send_password_link(request, user) -> None:
    """Uses allauth's password-reset mail, which carries a one-time link."""
    form = ResetPasswordForm(data={"email": user.email})
    if form.is_valid():
        form.save(request)
