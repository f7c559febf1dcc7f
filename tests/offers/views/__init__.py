"""Tests of the offers pages, one module per module of quartier/offers/views/."""
