// The font stack trimming: absent families in front go, everything from the first present one stays.
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseFontStack, trimAppFontStack, trimFontStack } from "./fonts";

const STACK = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

describe("parseFontStack", () => {
  it("splits a CSS family list, keeping quotes and dropping blanks", () => {
    expect(parseFontStack(` ${STACK},\n `)).toEqual([
      "system-ui",
      "-apple-system",
      '"Segoe UI"',
      "Roboto",
      "Arial",
      "sans-serif",
    ]);
  });
});

describe("trimFontStack", () => {
  const families = parseFontStack(STACK);

  it("starts at the first present family and keeps the rest as fallback", () => {
    const present = new Set(["Arial", "sans-serif"]);
    expect(trimFontStack(families, (f) => present.has(f))).toEqual(["Arial", "sans-serif"]);
  });

  it("keeps the stack when its first family is present", () => {
    expect(trimFontStack(families, () => true)).toEqual(families);
  });

  it("keeps the stack when nothing is found", () => {
    expect(trimFontStack(families, () => false)).toEqual(families);
  });
});

describe("trimAppFontStack", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  /** A canvas on which only Arial (and the generics) are installed. */
  function fakeCanvas(): ReturnType<typeof vi.spyOn> {
    const context = {
      font: "",
      measureText(): { width: number } {
        const families = this.font.replace(/^\S+ /, "");
        const first = families.split(",")[0]?.trim();
        if (first === "Arial") return { width: 100 };
        return { width: families.includes("serif") && !families.includes("sans-serif") ? 110 : 120 };
      },
    };
    return vi
      .spyOn(HTMLCanvasElement.prototype, "getContext")
      .mockReturnValue(context as unknown as CanvasRenderingContext2D);
  }

  function rootWithStack(): HTMLElement {
    const root = document.createElement("div");
    root.style.setProperty("--font", STACK);
    return root;
  }

  it("sets the stack from the first family the canvas draws with, and keeps the result", () => {
    fakeCanvas();
    const root = rootWithStack();
    trimAppFontStack(root);
    expect(root.style.getPropertyValue("--font")).toBe("Arial, sans-serif");
    expect(JSON.parse(localStorage.getItem("meridian.font-stack") ?? "null")).toEqual({
      stack: STACK,
      trimmed: "Arial, sans-serif",
    });
  });

  it("applies a kept result at once and probes again only when idle", () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal("requestIdleCallback", (task: () => void) => idle.push(task));
    localStorage.setItem("meridian.font-stack", JSON.stringify({ stack: STACK, trimmed: "Roboto, Arial, sans-serif" }));
    const probe = fakeCanvas();
    const root = rootWithStack();
    trimAppFontStack(root);
    expect(root.style.getPropertyValue("--font")).toBe("Roboto, Arial, sans-serif");
    expect(probe).not.toHaveBeenCalled();
    // Roboto has gone since: the idle probe finds out and fixes the stack and the kept result.
    idle.forEach((task) => task());
    expect(root.style.getPropertyValue("--font")).toBe("Arial, sans-serif");
    expect(JSON.parse(localStorage.getItem("meridian.font-stack") ?? "null").trimmed).toBe("Arial, sans-serif");
  });

  it("ignores a result kept for another stack", () => {
    localStorage.setItem("meridian.font-stack", JSON.stringify({ stack: "Old, serif", trimmed: "serif" }));
    fakeCanvas();
    const root = rootWithStack();
    trimAppFontStack(root);
    expect(root.style.getPropertyValue("--font")).toBe("Arial, sans-serif");
  });

  it("leaves the stack alone where there is no canvas to measure with", () => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    const root = rootWithStack();
    trimAppFontStack(root);
    expect(root.style.getPropertyValue("--font")).toBe(STACK);
  });
});
