"""Pagination of the staff lists: the query string the page links of
`templates/pagination.html` carry, so that page 2 of a filtered list keeps its filters."""


def page_query(request) -> str:
    """The request's query string without the page, so that the pagination links keep
    the list's filters (search, filters, sort order), urlencoded."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
