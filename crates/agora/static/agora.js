// Progressive enhancement only: every page works without this file.
// The language switcher submits itself when a language is chosen.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (select && select.matches && select.matches("select[data-autosubmit]")) {
    select.form.requestSubmit();
  }
});
