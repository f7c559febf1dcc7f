"""Pages of matching: a participant's ranked vacancies, a vacancy's ranked participants."""
