// A search box for a long list of checkboxes (templates/includes/form_field_choices.html), e.g.
// an event's co-organisers. Without JavaScript the list is a plain fieldset of checkboxes;
// this script puts the controls of the list's <template> before it:
//   - a search box: typing hides the entries whose name (or group) does not contain every
//     word typed, ignoring case and accents, and groups left without entries;
//   - a count of the entries shown, in a role="status" element, so screen readers announce it
//     (a moment after typing stops, not on every key);
//   - the names chosen so far, which stay chosen and are sent while the filter hides them.
// Enter in the search box does not send the form. Hidden entries leave the tab order, so Tab
// goes from the box to the first entry shown, and Space ticks it.
(() => {
  const ANNOUNCE_DELAY_MS = 400;

  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/ß/g, "ss")
      .toLowerCase();

  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_match, key) => values[key]);

  function enhance(fieldset) {
    const template = fieldset.querySelector("template[data-choice-filter-controls]");
    const list = fieldset.querySelector(".portal-choices__list");
    if (!template || !list) {
      return;
    }
    const controls = template.content.cloneNode(true);
    const input = controls.querySelector('input[type="search"]');
    const count = controls.querySelector(".portal-choices__count");
    const chosen = controls.querySelector(".portal-choices__chosen");
    const entries = [...list.querySelectorAll("[data-choice]")].map((element) => ({
      element,
      checkbox: element.querySelector('input[type="checkbox"]'),
      label: element.querySelector("label").textContent.trim(),
      text: fold(element.dataset.choice),
    }));
    const groups = [...list.querySelectorAll("[data-choice-group]")];
    let timer = null;

    const showCount = () => {
      const shown = entries.filter((entry) => !entry.element.hidden).length;
      count.textContent = shown
        ? fill(count.dataset.textShown, { shown, total: entries.length })
        : count.dataset.textNone;
    };

    const showChosen = () => {
      const names = entries.filter((entry) => entry.checkbox.checked).map((entry) => entry.label);
      chosen.textContent = names.length
        ? fill(chosen.dataset.textSome, { count: names.length, names: names.join(", ") })
        : chosen.dataset.textNone;
    };

    const filter = () => {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      for (const entry of entries) {
        entry.element.hidden = !words.every((word) => entry.text.includes(word));
      }
      for (const group of groups) {
        group.hidden = !group.querySelector("[data-choice]:not([hidden])");
      }
      clearTimeout(timer);
      timer = setTimeout(showCount, ANNOUNCE_DELAY_MS);
    };

    input.addEventListener("input", filter);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    list.addEventListener("change", showChosen);
    // The first count is written before the controls enter the page, so that the status
    // element does not announce it on load: it speaks when its text changes later.
    showCount();
    showChosen();
    list.before(controls);
  }

  const start = () => document.querySelectorAll("[data-choice-filter]").forEach(enhance);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
