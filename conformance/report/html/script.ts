/**
 * The report's only script, inlined and allowed by its hash in the page's
 * Content-Security-Policy (so nothing else can run, even if a frame slipped
 * through escaping). Plain ES2017 browser JavaScript as a string: the report
 * must work offline in any kiosk operator's browser without a bundler.
 */
export const reportScript = `(function () {
  'use strict';
  var cases = Array.prototype.slice.call(document.querySelectorAll('details.case'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('section.case-group'));
  var verdictButtons = Array.prototype.slice.call(document.querySelectorAll('[data-filter-verdict]'));
  var sectionBoxes = Array.prototype.slice.call(document.querySelectorAll('[data-filter-section]'));
  var search = document.getElementById('case-search');
  var shown = document.getElementById('shown-count');
  function pressed() {
    return verdictButtons.filter(function (b) { return b.getAttribute('aria-pressed') === 'true' && b.dataset.filterVerdict !== 'ALL'; })
      .map(function (b) { return b.dataset.filterVerdict; });
  }
  function apply() {
    var verdicts = pressed();
    var sections = sectionBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.dataset.filterSection; });
    var text = search ? search.value.trim().toLowerCase() : '';
    var count = 0;
    cases.forEach(function (c) {
      var visible = (verdicts.length === 0 || verdicts.indexOf(c.dataset.verdict) >= 0) &&
        sections.indexOf(c.dataset.section) >= 0 && (text === '' || c.dataset.search.indexOf(text) >= 0);
      c.hidden = !visible;
      if (visible) count++;
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector('details.case:not([hidden])'); });
    if (shown) shown.textContent = count + ' of ' + cases.length + ' cases shown';
  }
  verdictButtons.forEach(function (b) {
    b.addEventListener('click', function () {
      if (b.dataset.filterVerdict === 'ALL') {
        verdictButtons.forEach(function (o) { o.setAttribute('aria-pressed', o === b ? 'true' : 'false'); });
      } else {
        b.setAttribute('aria-pressed', b.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
        var all = verdictButtons.filter(function (o) { return o.dataset.filterVerdict === 'ALL'; })[0];
        if (all) all.setAttribute('aria-pressed', pressed().length === 0 ? 'true' : 'false');
      }
      apply();
    });
  });
  sectionBoxes.forEach(function (b) { b.addEventListener('change', apply); });
  if (search) search.addEventListener('input', apply);
  var expand = document.getElementById('expand-visible');
  if (expand) expand.addEventListener('click', function () { cases.forEach(function (c) { if (!c.hidden) c.open = true; }); });
  var collapse = document.getElementById('collapse-all');
  if (collapse) collapse.addEventListener('click', function () { cases.forEach(function (c) { c.open = false; }); });
  document.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button.copy') : null;
    if (!button) return;
    var source = document.getElementById(button.dataset.copy);
    if (!source) return;
    var done = function () { button.textContent = 'Copied'; setTimeout(function () { button.textContent = 'Copy'; }, 1500); };
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      try { document.execCommand('copy'); done(); } catch (e) { button.textContent = 'Press Ctrl+C'; }
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(source.textContent).then(done, fallback);
    else fallback();
  });
  // Links to a case or to one of its frames open the enclosing blocks so the target is visible.
  function reveal() {
    if (!location.hash) return;
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
      if (node.hidden) node.hidden = false;
    }
    target.scrollIntoView({ block: 'center' });
    target.classList.add('target-flash');
    setTimeout(function () { target.classList.remove('target-flash'); }, 1600);
  }
  window.addEventListener('hashchange', reveal);
  apply();
  reveal();
})();
`;
