from .mixins import IdsListMixin, RowsListMixin

__all__ = ["IdsListMixin", "RowsListMixin"]
