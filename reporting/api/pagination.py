"""The read API's pages: by cursor, in the order the rows were created, so that a client
walking the pages sees every row once even while new rows are added."""

from rest_framework.pagination import CursorPagination


class ApiCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
