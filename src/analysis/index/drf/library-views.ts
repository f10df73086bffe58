/**
 * View mixins of installed packages whose source is known not to touch what a list action renders: they
 * override only `create` / `update` / `destroy` (to send a notification or write an audit row after
 * DRF's own action), or `list` only to validate the request before calling `super().list(...)`. None
 * defines `get_queryset`, `filter_queryset`, `get_serializer(_class)` or `paginate_queryset`, so a view
 * built on them lists exactly what its project and DRF classes say. The index cannot read a package, so
 * any other base outside the project and DRF still leaves the view's rows unresolved (it may eager-load
 * or filter them). Rotation set 12 (open-zaak): every list view carried one of these and went unread.
 */
export const LIST_NEUTRAL_VIEW_MIXINS: ReadonlySet<string> = new Set([
  // vng-api-common: `list` checks the query parameters against the filterset, then `super().list(...)`.
  "vng_api_common.viewsets.CheckQueryParamsMixin",
  // vng-api-common: an audit trail row after create / update / destroy.
  "vng_api_common.audittrails.viewsets.AuditTrailCreateMixin",
  "vng_api_common.audittrails.viewsets.AuditTrailUpdateMixin",
  "vng_api_common.audittrails.viewsets.AuditTrailDestroyMixin",
  "vng_api_common.audittrails.viewsets.AuditTrailViewsetMixin",
  // notifications-api-common (also vendored as vng_api_common.notifications): a notification after create / update / destroy.
  "notifications_api_common.viewsets.NotificationCreateMixin",
  "notifications_api_common.viewsets.NotificationUpdateMixin",
  "notifications_api_common.viewsets.NotificationDestroyMixin",
  "notifications_api_common.viewsets.NotificationViewSetMixin",
  "vng_api_common.notifications.viewsets.NotificationCreateMixin",
  "vng_api_common.notifications.viewsets.NotificationUpdateMixin",
  "vng_api_common.notifications.viewsets.NotificationDestroyMixin",
  "vng_api_common.notifications.viewsets.NotificationViewSetMixin",
]);
