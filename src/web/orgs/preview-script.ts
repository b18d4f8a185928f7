/**
 * Re-renders the email preview as the owner edits the settings form: ~300 ms after the last change, the form is
 * submitted to the preview route with the frame named "preview" as its target (the same thing the "Preview" button
 * does without JavaScript). Nothing is saved: the preview route only reads and renders. Served at
 * /assets/settings-preview.js (script-src 'self'; no inline script anywhere).
 */
export const settingsPreviewScript = `(function () {
  'use strict';
  var frame = document.querySelector('iframe[name="preview"]');
  var form = frame && frame.closest('form');
  var button = form && form.querySelector('button[formtarget="preview"]');
  if (!form || !button) return;
  var timer = null;
  function render() {
    timer = null;
    // requestSubmit(button) takes the button's formaction and formtarget, and leaves the page where it is
    if (form.requestSubmit) form.requestSubmit(button);
    else button.click();
  }
  function soon(event) {
    if (event && event.target === button) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(render, 300);
  }
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
  render();
})();
`;
