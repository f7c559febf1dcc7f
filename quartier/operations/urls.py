"""URLs of the operations pages (namespace "operations"), for platform admins."""

app_name = "operations"

urlpatterns = []
