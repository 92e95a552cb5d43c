/**
 * Inline script: filters cards by status, level and text by toggling `hidden`, which stays fast with thousands of
 * cards because it touches only attributes. Static code: it reads data-* attributes and never evaluates data.
 */
export const SCRIPT = `
(function () {
  var cards = Array.prototype.slice.call(document.querySelectorAll('section.req'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[type=checkbox]'));
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  function selected(kind) {
    var set = {};
    boxes.forEach(function (b) { if (b.getAttribute('data-filter') === kind && b.checked) set[b.value] = true; });
    return set;
  }
  function apply() {
    var statuses = selected('status'), levels = selected('level');
    var text = (search.value || '').trim().toLowerCase();
    var visible = 0;
    cards.forEach(function (c) {
      var show = statuses[c.getAttribute('data-status')] && levels[c.getAttribute('data-level')] &&
        (!text || c.getAttribute('data-search').indexOf(text) >= 0);
      c.hidden = !show;
      if (show) visible++;
    });
    shown.textContent = visible + ' of ' + cards.length + ' requirements shown';
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  search.addEventListener('input', apply);
  document.getElementById('only-problems').addEventListener('click', function () {
    boxes.forEach(function (b) {
      if (b.getAttribute('data-filter') === 'status') b.checked = ['failed', 'error', 'xpassed'].indexOf(b.value) >= 0;
    });
    apply();
  });
  document.getElementById('show-all').addEventListener('click', function () {
    boxes.forEach(function (b) { b.checked = true; });
    search.value = '';
    apply();
  });
  // A matrix link to a filtered-out card reveals it rather than scrolling to nothing.
  window.addEventListener('hashchange', function () {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.hidden) { target.hidden = false; target.scrollIntoView(); }
  });
  apply();
})();
`;
