"""The matching API: ranked vacancies for a participant, ranked participants for a
vacancy, each item with its score and reasons."""

from ninja import Router

router = Router()
