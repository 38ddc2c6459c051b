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

// Where the trimmed stack is kept between launches, with the stack it was trimmed from.
const CACHE_KEY = "meridian.font-stack";

interface Trimmed {
  /** The stack as app.css writes it; a different one (a new build) is probed afresh. */
  stack: string;
  trimmed: string;
}

function probeTrim(families: readonly string[]): string | null {
  let available: ((family: string) => boolean) | null = null;
  try {
    available = canvasProbe();
  } catch {
    // No canvas (a test DOM): keep the stack as written.
  }
  return available ? trimFontStack(families, available).join(", ") : null;
}

function readCache(storage: Storage | null, stack: string): string | null {
  try {
    const cached = JSON.parse(storage?.getItem(CACHE_KEY) ?? "null") as Partial<Trimmed> | null;
    return cached?.stack === stack && typeof cached.trimmed === "string" ? cached.trimmed : null;
  } catch {
    return null;
  }
}

function writeCache(storage: Storage | null, value: Trimmed): void {
  try {
    storage?.setItem(CACHE_KEY, JSON.stringify(value));
  } catch {
    // Storage full or refused: the next launch probes again, nothing else changes.
  }
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Runs `task` once the page is idle, well after the first frames. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === "function") requestIdleCallback(task, { timeout: 5000 });
  else setTimeout(task, 2000);
}

/**
 * Call once before the first render: sets `--font` on the root to the trimmed stack.
 *
 * Probing costs ~20 ms of font lookups, so the result is kept in local storage: later launches
 * apply it at once and probe again only once the page is idle, updating the stack (and the
 * kept result) if the installed fonts changed in between.
 */
export function trimAppFontStack(
  root: HTMLElement = document.documentElement,
  storage: Storage | null = localStorageOrNull(),
): void {
  const stack = getComputedStyle(root).getPropertyValue("--font").trim();
  const families = parseFontStack(stack);
  if (families.length < 2) return;
  const apply = (trimmed: string): void => {
    if (trimmed !== families.join(", ")) root.style.setProperty("--font", trimmed);
    else root.style.removeProperty("--font");
  };
  const cached = readCache(storage, stack);
  if (cached !== null) {
    apply(cached);
    whenIdle(() => {
      const fresh = probeTrim(families);
      if (fresh === null || fresh === cached) return;
      writeCache(storage, { stack, trimmed: fresh });
      apply(fresh);
    });
    return;
  }
  const fresh = probeTrim(families);
  if (fresh === null) return;
  writeCache(storage, { stack, trimmed: fresh });
  apply(fresh);
}
