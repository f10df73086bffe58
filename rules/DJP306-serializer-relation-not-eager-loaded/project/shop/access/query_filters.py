# A registry of row filters: plug-ins register a function per key, helpers look it up.
_ROW_FILTERS = {}


def register_row_filter(key, func, *, replace=False):
    if key in _ROW_FILTERS and not replace:
        return
    _ROW_FILTERS[key] = func


def row_filter(key):
    return _ROW_FILTERS.get(key)
