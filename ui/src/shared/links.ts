// Links open in the system's browser or mail client, never inside Meridian's window. One
// delegated listener on the document sees every click on an `<a href>`: the Markdown that
// posts, comments, docs, tasks and previews render, and any other link. The default (the
// window navigating away) is always prevented; http, https and mailto links go to the
// opener, anything else does nothing. The shell also refuses any navigation away from the
// app's own pages (src-tauri/src/webview.rs), so a link that escaped this still stays put.

/** The schemes a link may open with, in the system's default program. */
export const OPENABLE_SCHEMES: readonly string[] = ["http:", "https:", "mailto:"];

/**
 * The URL to hand to the system for `href`, resolved against `base` (the page), or null
 * when it must not be opened: another scheme (javascript:, file:, data:, tel:, the app's own
 * tauri:) or an address that does not parse.
 */
export function openableUrl(href: string, base: string): string | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  return OPENABLE_SCHEMES.includes(url.protocol) ? url.href : null;
}

/** The link a click landed in, if any: the nearest `<a href>` on the event's path. */
function linkOf(event: MouseEvent): HTMLAnchorElement | null {
  const target = event.target;
  if (!(target instanceof Element)) return null;
  return target.closest("a[href]");
}

/**
 * Handles one click (or middle click): a link to another place than this page is never
 * followed in the window; `open` gets it when its scheme is allowed. A link within this page
 * (`#section`) is left alone.
 */
export function handleLinkClick(event: MouseEvent, open: (url: string) => unknown, page: Location = window.location): void {
  // Something on the page handled this click itself.
  if (event.defaultPrevented) return;
  const link = linkOf(event);
  if (!link) return;
  const href = link.getAttribute("href") ?? "";
  if (href.startsWith("#")) return;
  event.preventDefault();
  // Only the primary and middle buttons open links; a right click opens nothing.
  if (event.button !== 0 && event.button !== 1) return;
  const url = openableUrl(href, page.href);
  if (url) Promise.resolve(open(url)).catch(() => undefined);
}

/**
 * Installs the handler on `doc` for clicks and middle clicks; returns the uninstaller. A link
 * that the system cannot open (no browser installed) opens nothing, and the window stays.
 */
export function installLinkHandler(open: (url: string) => unknown, doc: Document = document): () => void {
  const onClick = (event: MouseEvent) => handleLinkClick(event, open, doc.location ?? window.location);
  doc.addEventListener("click", onClick);
  doc.addEventListener("auxclick", onClick);
  return () => {
    doc.removeEventListener("click", onClick);
    doc.removeEventListener("auxclick", onClick);
  };
}
