// The roster exam page's only script (served from /static/exam.js: the CSP allows 'self' scripts only).
// Without it the page still works: Save and Submit are plain form buttons, Submit asks on a page of its own.
(function () {
  'use strict';
  var form = document.getElementById('answers');
  if (!form) return;
  var token = form.getAttribute('data-token');
  var status = document.getElementById('save-status');
  var submit = document.getElementById('submit');
  var timer = null;
  var SAVE_DELAY_MS = 2000;

  function answers() {
    var out = {};
    // Typed boxes, and the checked option of each choice field (a group with none checked is left out, as the form leaves it out).
    var inputs = form.querySelectorAll('input[type=text], input[type=radio]:checked');
    for (var i = 0; i < inputs.length; i++) out[inputs[i].name] = inputs[i].value;
    return out;
  }

  function say(text) {
    if (status) status.textContent = text;
  }

  function save() {
    timer = null;
    say('Saving…');
    fetch('/api/drafts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: token, answers: answers() }) })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) return say('Not saved: ' + (body.error || r.status));
          var bad = Object.keys(body.formatErrors || {});
          say('Saved ' + new Date(body.at).toLocaleTimeString() + (bad.length ? ' — cannot read ' + bad.join(', ') : ''));
        });
      })
      .catch(function () {
        say('Not saved (no connection): your answers are still on this page.');
      });
  }

  // Autosave a moment after the last keystroke.
  form.addEventListener('input', function () {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  });

  // Enter in a box never submits: it saves.
  form.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && e.target && e.target.tagName === 'INPUT') {
      e.preventDefault();
      if (timer) clearTimeout(timer);
      save();
    }
  });

  // Submit asks first; once confirmed, the form goes straight to grading.
  if (submit) {
    submit.addEventListener('click', function (e) {
      if (!window.confirm(submit.getAttribute('data-confirm'))) {
        e.preventDefault();
        return;
      }
      submit.value = 'confirm';
    });
  }
})();
