"""The local economy (BIWAQ field of action 2): employers, their services, business
events, vacant commercial units, vacancies, placements and stabilisation check-ins."""
