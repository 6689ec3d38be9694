// Fixes for what axe-core reports as serious or critical in the stock theme
// (sphinx-book-theme 1.3 on pydata-sphinx-theme 0.17, Sphinx 7.4). See book/_ext/theme_fixes.py.
(function () {
  "use strict";

  // Words in the edition's language, set before this script by book/_ext/theme_fixes.py
  // (lab_words) from the package's catalog; the English is for a page without them.
  function word(key, english) {
    var words = window.collectiveAiWords || {};
    return typeof words[key] === "string" && words[key] ? words[key] : english;
  }

  // The search buttons show "Search Ctrl+K" but are named "Search": name them by what they show.
  function nameSearchButtons() {
    document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
      button.setAttribute("aria-label", button.textContent.replace(/\s+/g, " ").trim());
    });
  }

  // The sidebar's expand/collapse toggles are empty <summary> elements: say what they open.
  function nameSidebarToggles() {
    document.querySelectorAll("nav details > summary").forEach(function (summary) {
      if (summary.textContent.trim() || summary.hasAttribute("aria-label")) return;
      var link = summary.parentElement.previousElementSibling;
      var title = link ? link.textContent.trim() : word("chapter", "this chapter");
      var name = word("sections", "Sections of {title}").replace("{title}", title);
      summary.setAttribute("aria-label", name);
    });
  }

  // Font Awesome turns the colour-mode icons into <svg> with a <title> ("Light", "Dark"),
  // which then differs from the button's name "Color mode". The icons are decorative.
  function hideModeIcons(button) {
    button.querySelectorAll("svg").forEach(function (svg) {
      svg.querySelectorAll("title").forEach(function (title) {
        title.remove();
      });
      svg.removeAttribute("aria-labelledby");
      svg.removeAttribute("role");
      svg.setAttribute("aria-hidden", "true");
    });
  }

  function watchModeButtons() {
    document.querySelectorAll(".theme-switch-button").forEach(function (button) {
      hideModeIcons(button);
      new MutationObserver(function () {
        hideModeIcons(button);
      }).observe(button, { childList: true, subtree: true });
    });
  }

  // The bibliography is a role="list" whose entries have role="doc-biblioentry" (deprecated
  // in DPUB-ARIA 1.1), so a screen reader finds a list with no items: make them list items.
  function listCitations() {
    document.querySelectorAll('[role="list"] > [role="doc-biblioentry"]').forEach(function (entry) {
      entry.setAttribute("role", "listitem");
    });
  }

  // A hidden code cell's toggle shows "Show the Python" but is named "Toggle hidden content"
  // (sphinx-togglebutton): let it be named by what it shows.
  function nameCodeToggles() {
    document.querySelectorAll('details.hide > summary[aria-label="Toggle hidden content"]').forEach(
      function (summary) {
        summary.removeAttribute("aria-label");
      },
    );
  }

  document.addEventListener("DOMContentLoaded", function () {
    nameCodeToggles();
    listCitations();
    nameSearchButtons();
    nameSidebarToggles();
    watchModeButtons();
  });
})();
