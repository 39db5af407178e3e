// Accessible names for the admin's autocomplete fields (Django's select2 widgets), which
// select2 leaves without one: the box of a single choice and its value's text are labelled by
// the (empty) value only, the search field of a multiple choice by nothing (axe-core: "label",
// "aria-input-field-name"). Each gets the text of the field's <label>. select2 builds its
// elements after the page has loaded and renews the search field on every choice, so a
// MutationObserver labels whatever it adds. Loaded by templates/admin/change_form.html.
(function () {
  "use strict";

  function labelText(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    return label ? label.textContent.trim().replace(/:$/, "") : "";
  }

  function labelAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach((select) => {
      const container = select.nextElementSibling;
      const text = labelText(select);
      if (!text || !container || !container.classList.contains("select2")) {
        return;
      }
      const label = document.querySelector(`label[for="${select.id}"]`);
      if (!label.id) {
        label.id = `${select.id}_label`;
      }
      // The box of a single choice and the text of its value inside (role="textbox").
      container
        .querySelectorAll(".select2-selection--single, .select2-selection__rendered[role]")
        .forEach((box) => {
          if (box.getAttribute("aria-labelledby") !== label.id) {
            box.setAttribute("aria-labelledby", label.id);
          }
        });
      container.querySelectorAll(".select2-search__field").forEach((field) => {
        if (field.getAttribute("aria-label") !== text) {
          field.setAttribute("aria-label", text);
        }
      });
    });
  }

  new MutationObserver(labelAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  document.addEventListener("DOMContentLoaded", labelAll);
})();
