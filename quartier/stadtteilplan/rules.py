"""The offer map has no permissions: every page, calendar, flyer and the HSDS API are
public (settings `PUBLIC_URL_NAMES`), and they read only published offers through
`stadtteilplan.selectors`. What staff may do with the offers is in `offers.rules`; the
appointment requests that arrive are first contacts of the participants app."""
