"""URLs of the offers app: certificates."""

app_name = "offers_certificate"

urlpatterns = []
