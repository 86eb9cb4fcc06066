// Keeps each "… to go" line of an embargo current while the editor's screen stays open.
(() => {
  if (window.embargoCountdown) return;
  window.embargoCountdown = true;
  const left = (ms) => {
    const total = Math.floor(ms / 60000);
    if (total < 1) return "less than a minute";
    const days = Math.floor(total / 1440);
    const hours = Math.floor((total % 1440) / 60);
    const minutes = total % 60;
    return [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`]
      .filter(Boolean).join(" ");
  };
  const tick = () => {
    document.querySelectorAll("[data-embargo-until]").forEach((el) => {
      const ms = Date.parse(el.dataset.embargoUntil) - Date.now();
      el.textContent = ms > 0 ? `${left(ms)} to go` : "embargo time reached";
    });
  };
  tick();
  setInterval(tick, 15000);
})();
