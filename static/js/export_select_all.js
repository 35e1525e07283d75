/*
 * The admin's export page (templates/admin/import_export/export.html): "Select all" ticks or clears every
 * field's box, with django-import-export's own function, attached here because the CSP refuses inline handlers.
 */
document.addEventListener("change", function (event) {
  if (event.target.matches(".select-toggle") && window.onSelectToggleChange) {
    window.onSelectToggleChange(event);
  }
});
