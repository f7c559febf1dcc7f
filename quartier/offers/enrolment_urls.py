"""URLs of the offers app: enrolments."""

app_name = "offers_enrolment"

urlpatterns = []
