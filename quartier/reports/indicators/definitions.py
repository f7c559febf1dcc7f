"""The names of the indicator report: codes, labels and the gender breakdown.

Codes and wording follow INDICATORS.md section 2 (Regulation (EU) 2021/1057, Annex I);
the labels are English msgids, shown in German through the catalogue.
"""

from django.utils.translation import gettext_lazy as _

#: The four groups of the breakdown (INDICATORS.md section 2), in report order.
GENDERS = ("women", "men", "non_binary", "not_stated")
#: The columns of every figure: the total first (as in the JSON of section 3), then
#: the four groups; `total` is their sum.
GENDER_COLUMNS = ("total", *GENDERS)
GENDER_LABELS = {
    "total": _("Total"),
    "women": _("Women"),
    "men": _("Men"),
    "non_binary": _("Non-binary"),
    "not_stated": _("Not stated"),
}
#: `Participant.gender` → column of the breakdown. A value outside these (which the
#: model's choices do not allow) counts as not stated, so `total` always adds up.
GENDER_OF_PARTICIPANT = {
    "female": "women",
    "male": "men",
    "non_binary": "non_binary",
    "not_stated": "not_stated",
}

#: Output indicators: participants whose entry lies in the period.
OUTPUT_CODES = tuple(f"EECO{number:02d}" for number in range(1, 18))
#: Result indicators: participants whose exit lies in the period.
RESULT_CODES = tuple(f"EECR{number:02d}" for number in range(1, 7))
#: The participant indicators: figures by gender.
PARTICIPANT_CODES = (*OUTPUT_CODES, *RESULT_CODES)
#: Entity indicators of the local economy (INDICATORS.md section 2, after the result
#: table): EECO19, the supported SMEs, counted once each; only a `total`.
ENTITY_CODES = ("EECO19",)
#: The columns of an entity indicator (section 3: "EECO19 (with only `total`)").
ENTITY_COLUMNS = ("total",)
#: Every code of the report, in the order of section 3: EECO01–EECO17, EECR01–EECR06,
#: EECO19.
CODES = (*PARTICIPANT_CODES, *ENTITY_CODES)

INDICATOR_LABELS = {
    "EECO01": _("Total number of participants"),
    "EECO02": _("Unemployed, including long-term unemployed"),
    "EECO03": _("Long-term unemployed"),
    "EECO04": _("Inactive"),
    "EECO05": _("Employed, including self-employed"),
    "EECO06": _("Children below 18 years of age"),
    "EECO07": _("Young people between 18 and 29 years of age"),
    "EECO08": _("Participants of 55 years of age and above"),
    "EECO09": _("Lower secondary education or less (ISCED 0–2)"),
    "EECO10": _("Upper secondary or post-secondary education (ISCED 3–4)"),
    "EECO11": _("Tertiary education (ISCED 5–8)"),
    "EECO12": _("Participants with disabilities"),
    "EECO13": _("Third-country nationals"),
    "EECO14": _("Participants with a foreign background"),
    "EECO15": _("Minorities (including marginalised communities such as Roma)"),
    "EECO16": _("Homeless or affected by housing exclusion"),
    "EECO17": _("Participants from rural areas"),
    "EECR01": _("Engaged in job searching upon leaving"),
    "EECR02": _("In education or training upon leaving"),
    "EECR03": _("Gaining a qualification upon leaving"),
    "EECR04": _("In employment, including self-employment, upon leaving"),
    "EECR05": _("In employment, including self-employment, six months after leaving"),
    "EECR06": _("Better labour market situation six months after leaving"),
    "EECO19": _(
        "Number of micro, small and medium-sized enterprises "
        "(including cooperative and social enterprises) supported"
    ),
}

#: Programme indicators reported beside the ESF Plus ones.
PROGRAMME_CODES = ("HF1",)
PROGRAMME_INDICATOR_LABELS = {
    "HF1": _("BIWAQ HF1: leavers whose employability improved"),
}

#: The six-month follow-up coverage (INDICATORS.md section 3).
FOLLOWUP_LABELS = {
    "leavers": _("Leavers in the period"),
    "with_data": _("Leavers with six-month follow-up data"),
}
