"""The reports write nothing: every figure, page and file is read-side (`reports.selectors`,
the files for funders in `reports.selectors.exports`). A service that changes state
belongs here when one is needed."""
