/*
 * Suggestions for a text field with data-suggestions="<url>" (the registry's organisation filter): as the user
 * types, the names that match come from <url>?organisation=… into a <datalist>. Choosing one and submitting
 * sends that organisation's slug, so the registry shows exactly its projects. Without this script the field
 * still takes a name, and the page suggests matching organisations as links.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 200;

  function enhance(input) {
    var list = document.createElement("datalist");
    var slugs = {}; // name → slug of the names suggested so far
    var timer = null;
    var asked = "";
    list.id = input.id + "-suggestions";
    input.insertAdjacentElement("afterend", list);
    input.setAttribute("list", list.id);

    function show(organisations) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      organisations.forEach(function (organisation) {
        var option = document.createElement("option");
        option.value = organisation.name;
        list.appendChild(option);
        slugs[organisation.name] = organisation.slug;
      });
    }

    function ask() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH || text === asked || slugs[text]) {
        return;
      }
      asked = text;
      fetch(input.dataset.suggestions + "?organisation=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { organisations: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text) {
            show(data.organisations);
          }
        })
        .catch(function () {
          // Offline or refused: the field keeps working as plain text.
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });
    input.form.addEventListener("submit", function () {
      var slug = slugs[input.value.trim()];
      if (slug) {
        input.value = slug;
      }
    });
  }

  document.querySelectorAll("input[data-suggestions]").forEach(enhance);
})();
