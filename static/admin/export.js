// The export page's "Alle auswählen" (templates/admin/import_export/export.html): ticks or
// clears every column. Bound here because the CSP forbids inline event handlers.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) {
    return;
  }
  toggle.addEventListener("change", () => {
    document
      .querySelectorAll('.selectable-field-export-row input[type="checkbox"]:not(#select-all-toggle)')
      .forEach((checkbox) => {
        checkbox.checked = toggle.checked;
      });
  });
});
