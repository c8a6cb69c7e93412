// report.html's first script: records every error, rejected promise, console.error and Content-Security-Policy
// violation into the page itself (#ib-errors, its data-count attribute), so a reader sees them and a headless
// browser test can read them from the DOM. A violation means the page tried to reach outside the file.
(function () {
  'use strict';
  var count = 0;
  function record(message) {
    count += 1;
    var box = document.getElementById('ib-errors');
    if (!box) return;
    box.hidden = false;
    box.setAttribute('data-count', String(count));
    var item = document.createElement('li');
    item.textContent = message;
    box.appendChild(item);
  }
  window.addEventListener('error', function (event) {
    var where = event.filename ? ' (' + event.filename + ':' + event.lineno + ')' : '';
    var what = event.message || ('failed to load ' + ((event.target && (event.target.src || event.target.href)) || event.type));
    record('error: ' + what + where);
  }, true);
  window.addEventListener('unhandledrejection', function (event) {
    record('unhandled rejection: ' + String(event.reason));
  });
  document.addEventListener('securitypolicyviolation', function (event) {
    record('blocked by the page\'s security policy: ' + event.violatedDirective + ' ' + event.blockedURI);
  });
  var original = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return original.apply(console, arguments);
  };
  window.ibRecordError = record;
})();
