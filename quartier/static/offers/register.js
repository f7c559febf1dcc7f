// The attendance register: choosing "present" fills in the session's hours when the
// field is empty, the other choices empty it; one button marks everyone without an
// entry as present. Without JavaScript the server does the same (empty = session).
(() => {
  const follow = (radio) => {
    const row = radio.closest(".register-row");
    const hours = row && row.querySelector("input[data-session-hours]");
    if (!hours) {
      return;
    }
    if (radio.value === "present") {
      if (!hours.value) {
        hours.value = hours.dataset.sessionHours;
      }
    } else {
      hours.value = "";
    }
    row.classList.remove("is-saved");
  };
  document.addEventListener("change", (event) => {
    if (event.target.matches("input[data-register-status]")) {
      follow(event.target);
    }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("[data-register-all-present]")) {
      return;
    }
    document.querySelectorAll(".register-row").forEach((row) => {
      const none = row.querySelector("input[data-register-status][value='']");
      const present = row.querySelector("input[data-register-status][value='present']");
      if (none && none.checked && present && !present.disabled) {
        present.checked = true;
        follow(present);
      }
    });
  });
})();
