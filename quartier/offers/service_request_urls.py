"""URLs of the offers app: service requests."""

app_name = "offers_service_request"

urlpatterns = []
