// Our own glue, not vendored: loaded after require.js and before html-manager/embed-amd.js
// on every page with widgets (nb_ipywidgets_js in _config.yml).
(function () {
  // The widget modules look for their icon fonts beside the URL that RequireJS gives them,
  // by default <page dir>/@jupyter-widgets/...; map that name to the vendored folder.
  var assets = new URL("html-manager", document.currentScript.src).href;
  window.requirejs.config({
    paths: {
      "@jupyter-widgets/html-manager/dist": assets,
      "@jupyter-widgets": assets,
    },
  });
  // ipywidgets typesets labels with the MathJax 2 call MathJax.Hub.Queue; the book loads
  // MathJax 3, so translate that call (pages without equations load no MathJax at all).
  window.addEventListener("load", function () {
    var mj = window.MathJax;
    if (mj && !mj.Hub) {
      mj.Hub = {
        Queue: function (job) {
          if (mj.typesetPromise) mj.typesetPromise([job[2]]);
        },
      };
    }
  });
  // The slider handle (role="slider") has no accessible name, so a screen reader announces
  // just "slider": name each handle after its widget's visible label as widgets appear.
  function nameSliderHandles() {
    document.querySelectorAll(".widget-slider .noUi-handle:not([aria-label])").forEach(
      function (handle) {
        var label = handle.closest(".widget-slider").querySelector(".widget-label");
        var text = label ? label.textContent.trim() : "";
        if (text) handle.setAttribute("aria-label", text);
      },
    );
  }
  new MutationObserver(nameSliderHandles).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
})();
