// Filter forms submitted by htmx send only the fields that are filled in, so that the address
// htmx puts into the location bar (which visitors bookmark and share) stays short:
// /angebote/?region=stade instead of /angebote/?q=&region=stade&lebensphase=&thema=&…
// Without JavaScript the browser submits every field; the server treats empty ones as unset.
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.verb !== "get") {
    return;
  }
  const data = event.detail.formData;
  for (const key of new Set(data.keys())) {
    if (data.getAll(key).every((value) => value === "")) {
      data.delete(key);
    }
  }
});

// Search statistics (usage/middleware.py): a request the live filter sends after a pause in
// typing in a text field is an intermediate state ("mus", "musik" …), not yet a search; it is
// marked so that the server does not count it. Enter, "Filter anwenden" and every choice count.
document.addEventListener("htmx:configRequest", (event) => {
  const trigger = event.detail.triggeringEvent;
  const field = trigger && trigger.type === "input" ? trigger.target : null;
  if (field instanceof HTMLInputElement && ["text", "search"].includes(field.type)) {
    event.detail.headers["X-Search-Typing"] = "1";
  }
});

// --- issue 13, lists: the filter disclosure and a live filter that never loses input ---------
// (templates/includes/filter_form.html)

// From 60rem on the filters are a column beside the results: open the disclosure there (where
// the browser cannot style its content, lists.css leaves that to this line).
const wideScreen = window.matchMedia("(min-width: 60rem)");
const openFiltersOnWideScreens = () => {
  if (wideScreen.matches) {
    for (const disclosure of document.querySelectorAll("[data-filter-disclosure]")) {
      disclosure.open = true;
    }
  }
};
document.addEventListener("DOMContentLoaded", openFiltersOnWideScreens);
wideScreen.addEventListener("change", openFiltersOnWideScreens);

// What each filter form sent with its running request (after the empty fields were dropped
// above; registered later, so this listener sees the final parameters).
const sentValues = new WeakMap();
document.addEventListener("htmx:configRequest", (event) => {
  if (event.detail.elt instanceof HTMLFormElement) {
    sentValues.set(event.detail.elt, new URLSearchParams(event.detail.formData));
  }
});

// The values a control contributes to its form, as the browser would submit them.
const valuesOf = (control) => {
  if (control instanceof HTMLSelectElement) {
    return [...control.selectedOptions].map((option) => option.value).filter(Boolean);
  }
  if (control.type === "checkbox" || control.type === "radio") {
    return control.checked ? [control.value] : [];
  }
  return control.value === "" ? [] : [control.value];
};

// The answer brings the form's fields out of band (#filter-felder). A field the visitor is in,
// or has changed since the request went out, keeps its own element – value, caret, an open
// list – through data-hx-preserve (htmx moves the old element into the new fields); its error state
// comes from the answer. Everything else (counts, errors, the place list of a region) is new.
document.addEventListener("htmx:oobBeforeSwap", (event) => {
  const fields = event.detail.target;
  if (!fields.matches("[data-filter-fields]")) {
    return;
  }
  const sent = sentValues.get(fields.closest("form")) || new URLSearchParams();
  for (const fresh of event.detail.fragment.querySelectorAll("input[id], select[id], textarea[id]")) {
    const current = document.getElementById(fresh.id);
    if (!current || !current.name || current.type === "hidden") {
      continue;
    }
    let sentHere = sent.getAll(current.name).filter(Boolean);
    if (current.type === "radio" || current.type === "checkbox") {
      sentHere = sentHere.includes(current.value) ? [current.value] : [];
    }
    const changed = valuesOf(current).join("\n") !== sentHere.join("\n");
    if (changed || current === document.activeElement) {
      fresh.setAttribute("data-hx-preserve", "true");
      for (const name of ["aria-invalid", "aria-describedby"]) {
        if (fresh.hasAttribute(name)) {
          current.setAttribute(name, fresh.getAttribute(name));
        } else {
          current.removeAttribute(name);
        }
      }
    }
  }
});

// Browsers without Element.moveBefore take the preserved element out of the page for a moment,
// which blurs it: give the focus and the caret back.
let focusBeforeSwap = null;
document.addEventListener("htmx:beforeSwap", () => {
  const active = document.activeElement;
  focusBeforeSwap = active && active.form ? {
    element: active,
    start: active.selectionStart,
    end: active.selectionEnd,
  } : null;
});
document.addEventListener("htmx:afterSwap", () => {
  const kept = focusBeforeSwap;
  focusBeforeSwap = null;
  if (kept && kept.element.isConnected && document.activeElement !== kept.element) {
    kept.element.focus({ preventScroll: true });
    if (kept.start !== null && kept.element.setSelectionRange) {
      try {
        kept.element.setSelectionRange(kept.start, kept.end);
      } catch {
        // Not every input type has a caret (number, date).
      }
    }
  }
});
