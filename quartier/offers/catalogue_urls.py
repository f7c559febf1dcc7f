"""URLs of the offers app: catalogues."""

app_name = "offers_catalogue"

urlpatterns = []
