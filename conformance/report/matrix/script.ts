/**
 * The matrix page's only script, inlined and allowed by its hash in the
 * page's Content-Security-Policy (as the report's own). Plain ES2017 browser
 * JavaScript as a string: the page must work offline in any browser.
 * It opens a cell's detail (a <template> per cell) in a dialog, and shows the
 * changes between the two runs picked (a <template> per pair), marking the
 * cells that differ.
 */
export const matrixScript = `(function () {
  'use strict';
  var dialog = document.getElementById('detail');
  var detailBody = document.getElementById('detail-body');
  function openDetail(id) {
    var template = document.getElementById(id);
    if (!template || !dialog) return;
    detailBody.textContent = '';
    detailBody.appendChild(template.content.cloneNode(true));
    if (!dialog.open) dialog.showModal();
    dialog.scrollTop = 0;
  }
  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!target.closest) return;
    var opener = target.closest('[data-open]');
    if (opener) { openDetail(opener.dataset.open); return; }
    if (target.closest('#detail-close') || target === dialog) { dialog.close(); return; }
    // A requirement link inside the detail leads to the requirement view: the dialog gives way.
    if (target.closest('#detail a[href^="#"]')) dialog.close();
  });
  var base = document.getElementById('diff-base');
  var head = document.getElementById('diff-head');
  var view = document.getElementById('diff-view');
  var only = document.getElementById('only-changed');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.mx-row'));
  var sections = Array.prototype.slice.call(document.querySelectorAll('tbody.mx-section'));
  var headers = Array.prototype.slice.call(document.querySelectorAll('th.col'));
  function cellOf(row, col) { return row.querySelector('td.cell[data-col="' + col + '"]'); }
  function compare() {
    if (!base || !head) return;
    var b = base.value, h = head.value;
    var template = document.getElementById('diff-' + b + '-' + h);
    view.textContent = '';
    if (template) view.appendChild(template.content.cloneNode(true));
    else {
      var same = document.createElement('p');
      same.className = 'muted';
      same.textContent = 'Pick two different runs to compare.';
      view.appendChild(same);
    }
    headers.forEach(function (th) {
      th.classList.toggle('is-base', th.dataset.col === b && b !== h);
      th.classList.toggle('is-head', th.dataset.col === h && b !== h);
    });
    rows.forEach(function (row) {
      var from = cellOf(row, b), to = cellOf(row, h);
      var differ = b !== h && !!from && !!to && from.dataset.verdict !== to.dataset.verdict;
      row.classList.toggle('changed', differ);
      Array.prototype.forEach.call(row.querySelectorAll('td.cell'), function (cell) {
        cell.classList.toggle('compared', differ && (cell === from || cell === to));
      });
      row.hidden = !!(only && only.checked) && !differ;
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector('tr.mx-row:not([hidden])'); });
  }
  if (base) base.addEventListener('change', compare);
  if (head) head.addEventListener('change', compare);
  if (only) only.addEventListener('change', compare);
  compare();
})();
`;
