// A cached page leaves Trending, Latest and related coverage to short-lived fragments that
// the front cache keeps hot; this fills each placeholder with its fragment. Without
// JavaScript, or if the fetch fails, the placeholder's link to the full listing stays.
document.querySelectorAll("[data-fragment]").forEach((slot) => {
  fetch(slot.dataset.fragment, { credentials: "omit" })
    .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
    .then((html) => slot.replaceWith(document.createRange().createContextualFragment(html)))
    .catch(() => {});
});
