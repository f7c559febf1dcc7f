"""Matching: explained, additive suggestions of vacancies (and offers) for a
participant and of participants for a vacancy. Staff decide; nothing is sent or
decided automatically (GDPR Art. 22)."""
