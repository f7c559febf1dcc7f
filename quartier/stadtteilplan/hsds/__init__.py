"""The open-data API of the offer map: Open Referral HSDS 3.0 at /hsds/."""
