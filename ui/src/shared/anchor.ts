// Bringing a search result's match into view once its page has rendered it: the element may
// appear only after the page loads its data, so look for it a few times before giving up.

/** Scrolls to the element with `id` once it exists (for up to `waitMs`) and marks it briefly. */
export function reveal(id: string, waitMs = 5000): void {
  const started = performance.now();
  const look = () => {
    const element = document.getElementById(id);
    if (element) {
      element.scrollIntoView?.({ block: "center" });
      element.classList.add("search-target");
      setTimeout(() => element.classList.remove("search-target"), 2500);
      return;
    }
    if (performance.now() - started < waitMs) setTimeout(look, 100);
  };
  look();
}
