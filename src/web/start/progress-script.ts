/**
 * Follows the first sync's progress over server-sent events and shows it live (see start/routes.ts): the section's
 * aria-live paragraph says which entity is read and how far, in the page's words (its data-* attributes), and the page
 * reloads once the sync is done, to show the catch-up review. Without it the page shows the state it was rendered
 * with and a Refresh link.
 */
export const syncProgressScript = `(function () {
  'use strict';
  var box = document.querySelector('[data-sync-progress]');
  if (!box || !window.EventSource) return;
  var live = box.querySelector('[data-live]');
  var text = function (name) { return box.getAttribute('data-' + name) || ''; };
  var source = new EventSource(box.getAttribute('data-src'));
  source.addEventListener('progress', function (event) {
    var d = JSON.parse(event.data);
    var entity = text('entity-' + String(d.entity).toLowerCase()) || d.entity;
    live.textContent = text('reading').replace('{entity}', entity).replace('{pages}', d.pages).replace('{records}', d.records);
  });
  source.addEventListener('waiting', function () { live.textContent = text('waiting'); });
  source.addEventListener('done', function () {
    source.close();
    live.textContent = text('done');
    window.location.reload();
  });
})();
`;
