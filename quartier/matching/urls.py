"""URLs of matching, in the `matching:` namespace."""

app_name = "matching"

match_patterns = []

urlpatterns = [*match_patterns]
