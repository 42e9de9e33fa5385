// Keeps what is typed into a task form in this browser until the server has accepted it, so a session
// that expired meanwhile (log in again, come back) or a lost connection does not throw the text away.
(function () {
  "use strict";
  var PREFIX = "draft:";
  var sent = sessionStorage.getItem("draft-sent");
  sessionStorage.removeItem("draft-sent");
  if (sent && document.querySelector(".flash.success, .flash.repeated")) localStorage.removeItem(sent);

  function fields(form) {
    return form.querySelectorAll("textarea, input[name]:not([type]), input[type=text]");
  }

  function save(form, key) {
    var values = {};
    fields(form).forEach(function (f) { if (f.value) values[f.name] = f.value; });
    if (Object.keys(values).length) localStorage.setItem(key, JSON.stringify(values));
    else localStorage.removeItem(key);
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    var restored = false;
    fields(form).forEach(function (f) {
      if (saved && saved[f.name] && !f.value) { f.value = saved[f.name]; restored = true; }
      f.addEventListener("input", function () { save(form, key); });
    });
    if (restored) {
      var details = form.closest("details");
      if (details) details.open = true;
      var note = document.createElement("p");
      note.className = "form-error draft-restored";
      note.textContent = "Đã khôi phục nội dung bạn nhập nhưng chưa gửi được; kiểm tra lại rồi bấm gửi.";
      form.insertBefore(note, form.firstChild);
    }
    form.addEventListener("submit", function () { sessionStorage.setItem("draft-sent", key); });
  });
})();
