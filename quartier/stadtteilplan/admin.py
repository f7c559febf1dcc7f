"""The offer map registers no models in the admin: its two models (used form tokens and
the hourly counters of the appointment form's spam protection) are never shown to
anyone, and what the map shows is the offers' own data (`offers.admin`)."""
