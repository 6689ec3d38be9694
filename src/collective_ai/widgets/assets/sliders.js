// Slider handles that say what they show, in every view (the book, JupyterLab, Voila).
// ipywidgets draws a slider with noUiSlider, whose handle (role="slider") has no accessible
// name and announces noUiSlider's own number: for the static book's precomputed sliders that
// is the frame's index ("3"), not the value the readout shows ("0.3"). This names each
// handle after its label and copies the readout into aria-valuetext whenever either changes.
// Loaded by book/_ext/theme_fixes.py and shown once per live lab by collective_ai.widgets.
(function () {
  "use strict";
  if (window.collectiveAiSliders) return;
  window.collectiveAiSliders = true;

  function describe() {
    document.querySelectorAll(".widget-slider .noUi-handle[role=slider]").forEach(function (handle) {
      var slider = handle.closest(".widget-slider");
      var label = slider.querySelector(".widget-label");
      var name = label ? label.textContent.trim() : "";
      if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
      var readout = slider.querySelector(".widget-readout");
      var text = readout ? readout.textContent.trim() : "";
      if (text && handle.getAttribute("aria-valuetext") !== text) {
        handle.setAttribute("aria-valuetext", text);
      }
    });
  }

  new MutationObserver(describe).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-valuenow"],
  });
  describe();
})();
