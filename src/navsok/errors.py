"""The one exception the CLI turns into a clean one-line error and exit status 2."""


class NavsokError(Exception):
    """Something the user can fix: the message says what went wrong and what to do."""
