from simple_history.models import HistoricalRecords


class AuditedHistoricalRecords(HistoricalRecords):
    """The project's own history: it names the history table after the app."""

    def get_extra_fields(self, model, fields):
        return super().get_extra_fields(model, fields)
