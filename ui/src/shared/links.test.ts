// Links open in the system browser, never in the window: the scheme rule, and the delegated
// handler on rendered Markdown (what the core's renderer makes: an <a href> with rel).
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleLinkClick, installLinkHandler, openableUrl } from "./links";

const PAGE = "tauri://localhost/index.html";

describe("the scheme rule", () => {
  it("opens http, https and mailto links", () => {
    expect(openableUrl("https://example.invalid/page", PAGE)).toBe("https://example.invalid/page");
    expect(openableUrl("http://example.invalid/a?b=c#d", PAGE)).toBe("http://example.invalid/a?b=c#d");
    expect(openableUrl("mailto:ada@example.invalid", PAGE)).toBe("mailto:ada@example.invalid");
    expect(openableUrl("HTTPS://Example.invalid/", PAGE)).toBe("https://example.invalid/");
  });

  it("opens nothing else", () => {
    for (const href of [
      "javascript:alert(1)",
      " JaVaScRiPt:alert(1)",
      "vbscript:msgbox(1)",
      "data:text/html,<script>alert(1)</script>",
      "file:///etc/passwd",
      "tel:+4930123456",
      "ftp://example.invalid/file",
      "smb://server/share",
      "tauri://localhost/index.html",
      "/index.html",
      "relative/page",
      "http://[not a host",
      "",
    ]) {
      expect(openableUrl(href, PAGE), href).toBeNull();
    }
  });
});

describe("the delegated handler", () => {
  let uninstall: (() => void) | null = null;
  afterEach(() => {
    uninstall?.();
    uninstall = null;
    document.body.innerHTML = "";
  });

  /** Rendered Markdown as the core makes it, and a click on its first link. */
  function clickLink(html: string, init: MouseEventInit = {}, type = "click") {
    const open = vi.fn().mockResolvedValue(undefined);
    uninstall?.();
    uninstall = installLinkHandler(open);
    document.body.innerHTML = `<div class="markdown">${html}</div>`;
    const target = document.querySelector("a code, a") as HTMLElement;
    const event = new MouseEvent(type, { bubbles: true, cancelable: true, button: 0, ...init });
    target.dispatchEvent(event);
    return { open, event };
  }

  it("opens a web link with the opener and keeps the window where it is", () => {
    const { open, event } = clickLink('<p><a href="https://example.invalid/page" rel="noopener noreferrer">docs</a></p>');
    expect(event.defaultPrevented).toBe(true);
    expect(open).toHaveBeenCalledWith("https://example.invalid/page");
  });

  it("opens a mail link, and a link clicked on its inner formatting", () => {
    expect(clickLink('<a href="mailto:ada@example.invalid">mail</a>').open).toHaveBeenCalledWith("mailto:ada@example.invalid");
    const { open } = clickLink('<a href="https://example.invalid/x"><code>x</code></a>');
    expect(open).toHaveBeenCalledWith("https://example.invalid/x");
  });

  it("opens a middle-clicked link once, and nothing on a right click", () => {
    expect(clickLink('<a href="https://example.invalid/">x</a>', { button: 1 }, "auxclick").open).toHaveBeenCalledTimes(1);
    const right = clickLink('<a href="https://example.invalid/">x</a>', { button: 2 }, "auxclick");
    expect(right.open).not.toHaveBeenCalled();
    expect(right.event.defaultPrevented).toBe(true);
  });

  it("follows no other scheme, and opens nothing for it", () => {
    for (const href of ["javascript:alert(1)", "file:///etc/passwd", "tel:123", "tauri://localhost/other"]) {
      const { open, event } = clickLink(`<a href="${href}">x</a>`);
      expect(event.defaultPrevented, href).toBe(true);
      expect(open, href).not.toHaveBeenCalled();
    }
  });

  it("leaves alone clicks outside links, links within the page and clicks already handled", () => {
    const open = vi.fn();
    document.body.innerHTML = '<button>b</button><a href="#top">top</a><a href="https://example.invalid/">x</a>';
    const plain = new MouseEvent("click", { bubbles: true, cancelable: true });
    document.querySelector("button")!.dispatchEvent(plain);
    handleLinkClick(plain, open);
    const inPage = new MouseEvent("click", { bubbles: true, cancelable: true });
    document.querySelector('a[href="#top"]')!.dispatchEvent(inPage);
    handleLinkClick(inPage, open);
    expect(plain.defaultPrevented || inPage.defaultPrevented).toBe(false);
    const handled = new MouseEvent("click", { bubbles: true, cancelable: true });
    handled.preventDefault();
    document.querySelector('a[href^="https"]')!.dispatchEvent(handled);
    handleLinkClick(handled, open);
    expect(open).not.toHaveBeenCalled();
  });

  it("keeps the window when the system cannot open the link", async () => {
    const open = vi.fn().mockRejectedValue("no browser");
    uninstall = installLinkHandler(open);
    document.body.innerHTML = '<a href="https://example.invalid/">x</a>';
    const event = new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
    document.querySelector("a")!.dispatchEvent(event);
    await Promise.resolve();
    expect(event.defaultPrevented).toBe(true);
    expect(open).toHaveBeenCalledOnce();
  });
});
