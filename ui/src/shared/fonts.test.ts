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
  afterEach(() => vi.restoreAllMocks());

  /** A canvas on which only Arial (and the generics) are installed. */
  function fakeCanvas(): void {
    const context = {
      font: "",
      measureText(): { width: number } {
        const families = this.font.replace(/^\S+ /, "");
        const first = families.split(",")[0]?.trim();
        if (first === "Arial") return { width: 100 };
        return { width: families.includes("serif") && !families.includes("sans-serif") ? 110 : 120 };
      },
    };
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(context as unknown as CanvasRenderingContext2D);
  }

  it("sets the stack from the first family the canvas draws with", () => {
    fakeCanvas();
    const root = document.createElement("div");
    root.style.setProperty("--font", STACK);
    trimAppFontStack(root);
    expect(root.style.getPropertyValue("--font")).toBe("Arial, sans-serif");
  });

  it("leaves the stack alone where there is no canvas to measure with", () => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    const root = document.createElement("div");
    root.style.setProperty("--font", STACK);
    trimAppFontStack(root);
    expect(root.style.getPropertyValue("--font")).toBe(STACK);
  });
});
