// Quartier's only page script. No inline scripts anywhere (strict CSP).
document.documentElement.classList.add("js");
// Forms with class js-confirm ask before a destructive action.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.js-confirm");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
// Language switch submits on change; the button stays for use without JavaScript.
document.addEventListener("change", (event) => {
  if (event.target.id === "language-select") {
    event.target.form.submit();
  }
});
