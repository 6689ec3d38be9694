// Loaded after require.js and before html-manager/embed-amd.js on every page with widgets.
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
})();
