"""Reads of matching: the score (`scoring`), a participant's ranked vacancies and
offers, a vacancy's ranked participants."""
