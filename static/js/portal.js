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
