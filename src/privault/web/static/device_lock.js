// A shared front-desk tablet locks itself: once the store's idle time has passed since this
// page was served (the server ends the session at the same moment), the lock form is sent
// with why=idle and the tablet shows the names to tap. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var form = document.getElementById("device-lock");
  if (!form) {
    return;
  }
  var seconds = parseInt(form.getAttribute("data-idle-seconds"), 10);
  if (!(seconds > 0)) {
    return;
  }
  window.setTimeout(function () {
    form.querySelector('input[name="why"]').value = "idle";
    form.submit();
  }, seconds * 1000);
})();
