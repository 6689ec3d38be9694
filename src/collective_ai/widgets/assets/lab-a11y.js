// Labs a keyboard and screen-reader user can use, in every view (the book, JupyterLab, Voila).
//
// 1. Slider handles that say what they show.
// ipywidgets draws a slider with noUiSlider, whose handle (role="slider") has no accessible
// name and announces noUiSlider's own number: for the static book's precomputed sliders that
// is the frame's index ("3"), not the value the readout shows ("0.3"). This names each
// handle after its label and copies the readout into aria-valuetext whenever either changes.
//
// 3. Boxes that scroll sideways on a small screen reachable by keyboard (see below).
//
// 2. A "Skip to the lab" link, first on a page that holds a lab (the book and Voila; not
// inside the JupyterLab application, whose own keyboard navigation reaches every cell).
//
// 4. Controls a finger can use on a phone (below): every slider handle, radio button and
// checkbox at least 24 x 24 CSS px (WCAG 2.2, 2.5.8), and on a narrow screen each control's
// label above it, so the label, the control and its value fit across the screen.
//
// Loaded by book/_ext/theme_fixes.py and shown once per live lab by collective_ai.widgets.
//
// The words it writes into the page (the skip link, the scroll boxes' names) come from the
// package's catalog: Python sets window.collectiveAiWords before this script runs, in the
// language in use (collective_ai.widgets.base.words_script; the book writes its edition's).
// The English here is only for a page that loads this file without them.
(function () {
  "use strict";
  if (window.collectiveAiSliders) return;
  window.collectiveAiSliders = true;

  function word(key, english) {
    var words = window.collectiveAiWords || {};
    return typeof words[key] === "string" && words[key] ? words[key] : english;
  }

  var TARGETS =
    "html:root { --jp-widgets-slider-handle-size: 24px; }\n" +
    ".jupyter-widgets input[type=radio], .jupyter-widgets input[type=checkbox] {" +
    " width: 24px; height: 24px; min-width: 24px; }\n" +
    // A long choice wraps onto more lines instead of running over the next one.
    ".jupyter-widgets.widget-radio { height: auto; }\n" +
    ".jupyter-widgets .widget-radio-box label { display: flex; align-items: flex-start;" +
    " gap: 0.4em; height: auto !important; min-height: 24px; line-height: 1.35 !important;" +
    " white-space: normal; margin: 0 0 0.4em; }\n" +
    ".jupyter-widgets .widget-radio-box input { float: none; flex: none; margin: 0; }\n" +
    // A long checkbox label (a demand) wraps instead of ending in "...".
    ".jupyter-widgets.widget-checkbox { height: auto; }\n" +
    ".jupyter-widgets.widget-checkbox label { white-space: normal; overflow: visible;" +
    " text-overflow: clip; height: auto; min-height: 24px; line-height: 1.35; }\n" +
    "@media (max-width: 600px) {\n" +
    "  .jupyter-widgets.widget-inline-hbox { flex-wrap: wrap; height: auto; }\n" +
    "  .jupyter-widgets.widget-inline-hbox > .widget-label { width: 100% !important;" +
    " max-width: none !important; text-align: left !important; }\n" +
    "  .jupyter-widgets.widget-inline-hbox > .widget-radio-box { width: 100%; }\n" +
    "}\n";

  function addTargetStyle() {
    if (!document.head || document.getElementById("collective-ai-targets")) return;
    var style = document.createElement("style");
    style.id = "collective-ai-targets";
    style.textContent = TARGETS;
    document.head.appendChild(style);
  }
  addTargetStyle();

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

  var SKIP_STYLE =
    "position:absolute;left:0.5em;top:0.5em;z-index:1000;padding:0.5em 1em;background:#fff;" +
    "color:#1565c0;border:2px solid #1565c0;font-weight:600;transform:translateY(-300%)";

  function addSkipLink() {
    if (!document.body || document.getElementById("collective-ai-skip")) return;
    if (document.getElementById("jp-main-dock-panel")) {
      return;
    }
    var lab = document.querySelector(".widget-slider, .collective-ai-frame, .widget-radio");
    if (!lab) return;
    var target = lab.closest(".cell_output, .jp-OutputArea, .jp-Cell") || lab;
    if (!target.id) target.id = "collective-ai-lab";
    target.setAttribute("tabindex", "-1");
    var link = document.createElement("a");
    link.id = "collective-ai-skip";
    link.href = "#" + target.id;
    link.textContent = word("skip", "Skip to the lab");
    link.setAttribute("style", SKIP_STYLE);
    link.addEventListener("focus", function () { link.style.transform = "none"; });
    link.addEventListener("blur", function () { link.style.transform = "translateY(-300%)"; });
    link.addEventListener("click", function (event) {
      event.preventDefault();
      target.scrollIntoView();
      target.focus();
    });
    document.body.insertBefore(link, document.body.firstChild);
  }

  // 3. A table or chart wider than the screen scrolls inside its box (collective_ai.embed.
  // scroll_box); a keyboard user must be able to reach and scroll it too.
  function focusableScrollBoxes() {
    document.querySelectorAll(".collective-ai-scroll").forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        var caption = box.querySelector("caption");
        var image = box.querySelector("img[alt]");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute(
          "aria-label",
          caption
            ? caption.textContent.trim()
            : image
              ? word("chart", "Chart (scrolls sideways)")
              : word("table", "Table"),
        );
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function update() {
    addTargetStyle();
    describe();
    addSkipLink();
    focusableScrollBoxes();
  }

  new MutationObserver(update).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ["aria-valuenow"],
  });
  if (document.body) update();
  else document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", focusableScrollBoxes);
})();
