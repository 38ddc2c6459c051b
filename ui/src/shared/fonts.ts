// Trims the app's font stack (`--font` in app.css) to start at the first family this machine has.
//
// WebKitGTK looks up every family of a stack, in order, for each distinct font (size, weight,
// features) a page uses, and a family that is not installed costs a full fontconfig match
// each time. With seven absent families before the first present one, the first layout of the
// home view spent ~290 ms in those lookups. A family that is absent draws nothing, so dropping
// the absent ones in front changes no glyph on screen: the first present family still wins and
// the rest of the stack still serves as fallback, in the same order.

/** The families of a CSS `font-family` list, as written (quotes kept). */
export function parseFontStack(stack: string): string[] {
  return stack
    .split(",")
    .map((family) => family.trim())
    .filter(Boolean);
}

/** The stack from its first available family on; unchanged when none is found. */
export function trimFontStack(families: readonly string[], available: (family: string) => boolean): string[] {
  const first = families.findIndex(available);
  return first > 0 ? families.slice(first) : [...families];
}

// Wide and narrow glyphs, so any two different fonts give different widths.
const PROBE_TEXT = "mmmmmmmmmmwwwwwlllii@#QW";
// Two unrelated generic fonts: a family is present when it changes the width against either.
const BASELINES = ["monospace", "serif"] as const;

/** Whether the engine draws with `family`, measured on a canvas; null where there is none (tests). */
function canvasProbe(): ((family: string) => boolean) | null {
  const context = document.createElement("canvas").getContext("2d");
  if (!context) return null;
  const width = (font: string): number => {
    context.font = `32px ${font}`;
    return context.measureText(PROBE_TEXT).width;
  };
  const base = BASELINES.map((generic) => width(generic));
  return (family) => BASELINES.some((generic, i) => width(`${family}, ${generic}`) !== base[i]);
}

/** Call once before the first render: sets `--font` on the root to the trimmed stack. */
export function trimAppFontStack(root: HTMLElement = document.documentElement): void {
  const stack = getComputedStyle(root).getPropertyValue("--font");
  const families = parseFontStack(stack);
  if (families.length < 2) return;
  let available: ((family: string) => boolean) | null = null;
  try {
    available = canvasProbe();
  } catch {
    // No canvas (a test DOM): keep the stack as written.
  }
  if (!available) return;
  const trimmed = trimFontStack(families, available);
  if (trimmed.length < families.length) root.style.setProperty("--font", trimmed.join(", "));
}
