// Accessibility toggles (大字模式, 高对比度), remembered in localStorage. No other script is
// needed for a page to work: every form submits without JavaScript.
(function () {
  var root = document.documentElement;
  ["large-text", "high-contrast"].forEach(function (name) {
    try { if (localStorage.getItem("xf-" + name) === "1") root.classList.add(name); } catch (e) {}
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-toggle]").forEach(function (btn) {
      var name = btn.getAttribute("data-toggle");
      btn.setAttribute("aria-pressed", root.classList.contains(name) ? "true" : "false");
      btn.addEventListener("click", function () {
        var on = root.classList.toggle(name);
        btn.setAttribute("aria-pressed", on ? "true" : "false");
        try { localStorage.setItem("xf-" + name, on ? "1" : "0"); } catch (e) {}
      });
    });
    // Streets: only those of the district chosen (without script every street stays listed).
    var district = document.getElementById("district"), street = document.getElementById("street");
    if (district && street) {
      var filter = function () {
        street.querySelectorAll("optgroup[data-district]").forEach(function (g) {
          var hide = district.value !== "" && g.getAttribute("data-district") !== district.value;
          g.hidden = hide;
          g.disabled = hide;
        });
        var chosen = street.selectedOptions[0];
        if (chosen && chosen.parentNode.disabled) street.value = "";
      };
      district.addEventListener("change", filter);
      filter();
    }
    // A notice's 打印 button (the browser's own print works as well).
    document.querySelectorAll("[data-print]").forEach(function (btn) {
      btn.addEventListener("click", function () { window.print(); });
    });
  });
})();
