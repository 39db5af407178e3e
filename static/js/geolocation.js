// "Standort verwenden" in the radius search of the list filters
// (templates/includes/radius_fields.html): the browser's own geolocation, nothing from a third
// party. Without JavaScript or without navigator.geolocation the button stays hidden and the
// postcode field does the job. On success the position, rounded to two decimals (about 1 km),
// goes into the hidden fields "breite" and "laenge", the postcode is emptied (a postcode wins
// over a position on the server) and the form is submitted – by htmx where it enhances the
// form. A refusal or failure is announced in the status paragraph (role="status"); its German
// text comes from the button's data attributes. Every htmx answer brings the form's fields
// anew (templates/includes/filter_form.html), so the handlers are delegated to the document.
(() => {
  if (!("geolocation" in navigator)) {
    return;
  }

  const reveal = () => {
    for (const element of document.querySelectorAll("[data-geolocation][hidden]")) {
      element.hidden = false;
    }
  };

  const round = (value) => value.toFixed(2);

  // An htmx answer may bring new fields while the browser looks for the position (a postcode
  // typed just before): the form and status are looked up when they are needed.
  const current = (selector) => {
    const button = document.querySelector("[data-geolocation-button]");
    const form = button && button.closest("form");
    return selector ? form && form.querySelector(selector) : form;
  };

  // A submit while the form's previous request runs (it carries the class "htmx-request")
  // would abort that one (hx-sync="this:replace"), which htmx reports as an error: wait until
  // it has been answered.
  const whenIdle = (apply) => {
    const form = current();
    if (!form) {
      return;
    }
    if (form.classList.contains("htmx-request")) {
      document.addEventListener("htmx:afterSettle", () => whenIdle(apply), { once: true });
    } else {
      apply(form);
    }
  };

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-geolocation-button]");
    if (!button) {
      return;
    }
    const messages = { ...button.dataset };
    const say = (text) => {
      const status = current("[data-geolocation-status]");
      if (status) {
        status.textContent = text;
      }
    };
    say(messages.locating);
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        button.disabled = false;
        whenIdle((form) => {
          form.elements.breite.value = round(position.coords.latitude);
          form.elements.laenge.value = round(position.coords.longitude);
          form.elements.plz.value = "";
          form.requestSubmit();
        });
      },
      (error) => {
        const texts = {
          [error.PERMISSION_DENIED]: messages.denied,
          [error.TIMEOUT]: messages.timeout,
        };
        button.disabled = false;
        say(texts[error.code] || messages.unavailable);
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 },
    );
  });

  // A postcode typed after a position replaces it.
  document.addEventListener("input", (event) => {
    if (event.target.name === "plz" && event.target.form?.elements.breite) {
      event.target.form.elements.breite.value = "";
      event.target.form.elements.laenge.value = "";
    }
  });

  reveal();
  document.addEventListener("htmx:afterSettle", reveal);
})();
