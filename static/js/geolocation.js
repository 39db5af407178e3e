// "Standort verwenden" in the radius search of the list filters
// (templates/includes/radius_fields.html): the browser's own geolocation, nothing from a third
// party. Without JavaScript or without navigator.geolocation the button stays hidden and the
// postcode field does the job. On success the position, rounded to two decimals (about 1 km),
// goes into the hidden fields "breite" and "laenge", the postcode is emptied (a postcode wins
// over a position on the server) and the form is submitted – by htmx where it enhances the
// form. A refusal or failure is announced in the status paragraph (role="status"); its German
// text comes from the button's data attributes. The form is replaced after every htmx swap, so
// the handlers are delegated to the document.
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

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-geolocation-button]");
    if (!button) {
      return;
    }
    const form = button.closest("form");
    const status = form.querySelector("[data-geolocation-status]");
    const say = (text) => {
      status.textContent = text;
    };
    say(button.dataset.locating);
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      (position) => {
        form.elements.breite.value = round(position.coords.latitude);
        form.elements.laenge.value = round(position.coords.longitude);
        form.elements.plz.value = "";
        button.disabled = false;
        form.requestSubmit();
      },
      (error) => {
        const messages = {
          [error.PERMISSION_DENIED]: button.dataset.denied,
          [error.TIMEOUT]: button.dataset.timeout,
        };
        say(messages[error.code] || button.dataset.unavailable);
        button.disabled = false;
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
