/* A search box over a list of check boxes (tracker.forms.SearchableCheckboxes).
   Progressive enhancement: without this script the list is a plain list of check
   boxes. Loaded as a file, so the Content-Security-Policy needs no inline script. */
(function () {
  "use strict";

  function enhance(inputs) {
    var first = inputs[0].closest(".form-check");
    if (!first || !first.parentElement) {
      return;
    }
    var box = first.parentElement;
    box.classList.add("choice-box");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1 choice-search";
    search.placeholder = inputs[0].getAttribute("data-choice-label") || "";
    search.setAttribute("aria-label", search.placeholder);
    search.addEventListener("input", function () {
      var words = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      inputs.forEach(function (input) {
        var text = input.getAttribute("data-choice-search") || "";
        var shown = words.every(function (word) { return text.indexOf(word) !== -1; });
        input.closest(".form-check").hidden = !shown;
      });
    });
    // Enter in the search box must not submit the form.
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
    box.parentElement.insertBefore(search, box);
  }

  function start() {
    var groups = {};
    document.querySelectorAll("input[type=checkbox][data-choice-search]").forEach(function (input) {
      (groups[input.name] = groups[input.name] || []).push(input);
    });
    Object.keys(groups).forEach(function (name) { enhance(groups[name]); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
