// The time-zone combobox: filtering, keyboard use and the value it settles on.
import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import TimeZonePicker from "./TimeZonePicker.svelte";

const ZONES = ["America/New_York", "Asia/Tokyo", "Europe/Berlin", "Europe/London", "UTC"];

function setup(value = "UTC") {
  const onedit = vi.fn();
  const props = $state({ value, zones: ZONES, id: "tz", onedit });
  render(TimeZonePicker, { props });
  const input = screen.getByTestId("tz-input") as HTMLInputElement;
  return { input, props, onedit };
}

async function type(input: HTMLInputElement, value: string) {
  await fireEvent.input(input, { target: { value } });
}

describe("TimeZonePicker", () => {
  it("is an ARIA combobox that opens a filtered listbox as you type", async () => {
    const { input } = setup();
    expect(input.getAttribute("role")).toBe("combobox");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    await type(input, "europe");
    expect(input.getAttribute("aria-expanded")).toBe("true");
    const listbox = screen.getByRole("listbox");
    expect(input.getAttribute("aria-controls")).toBe(listbox.id);
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.textContent?.trim().split(/\s{2,}|\d/)[0]?.trim())).toEqual([
      "Europe/Berlin",
      "Europe/London",
    ]);
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    expect(options[0]!.getAttribute("aria-selected")).toBe("true");
  });

  it("moves with the arrow keys and picks with Enter", async () => {
    const { input, props, onedit } = setup();
    await type(input, "europe");
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    const options = screen.getAllByRole("option");
    expect(input.getAttribute("aria-activedescendant")).toBe(options[1]!.id);
    await fireEvent.keyDown(input, { key: "ArrowDown" }); // stays on the last one
    expect(input.getAttribute("aria-activedescendant")).toBe(options[1]!.id);
    await fireEvent.keyDown(input, { key: "ArrowUp" });
    expect(input.getAttribute("aria-activedescendant")).toBe(options[0]!.id);
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    const enter = new KeyboardEvent("keydown", { key: "Enter", bubbles: true, cancelable: true });
    input.dispatchEvent(enter);
    expect(enter.defaultPrevented).toBe(true); // Enter picks, it does not submit the form
    await Promise.resolve();
    expect(props.value).toBe("Europe/London");
    expect(input.value).toBe("Europe/London");
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(onedit).toHaveBeenCalled();
  });

  it("selects an exact name typed then Enter", async () => {
    const { input, props } = setup();
    await type(input, "Europe/Berlin");
    await fireEvent.keyDown(input, { key: "Enter" });
    expect(props.value).toBe("Europe/Berlin");
    expect(input.value).toBe("Europe/Berlin");
  });

  it("selects an exact match on blur, fixing its case", async () => {
    const { input, props } = setup();
    await type(input, "asia/tokyo");
    await fireEvent.blur(input);
    expect(props.value).toBe("Asia/Tokyo");
    expect(input.value).toBe("Asia/Tokyo");
  });

  it("keeps unknown text as the value so the form can report it", async () => {
    const { input, props } = setup();
    await type(input, "Atlantis");
    expect(screen.queryAllByRole("option")).toHaveLength(0);
    expect(screen.getByRole("status").textContent).toMatch(/No time zone matches/);
    await fireEvent.blur(input);
    expect(props.value).toBe("Atlantis");
  });

  it("closes with Escape, and a second Escape restores the last valid zone", async () => {
    const { input, props } = setup("Asia/Tokyo");
    await type(input, "lond");
    expect(input.getAttribute("aria-expanded")).toBe("true");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(input.getAttribute("aria-expanded")).toBe("false");
    expect(input.value).toBe("lond");
    await fireEvent.keyDown(input, { key: "Escape" });
    expect(input.value).toBe("Asia/Tokyo");
    expect(props.value).toBe("Asia/Tokyo");
  });

  it("opens the full list on ArrowDown with the current zone highlighted", async () => {
    const { input } = setup("Europe/Berlin");
    await fireEvent.keyDown(input, { key: "ArrowDown" });
    const options = screen.getAllByRole("option");
    expect(options).toHaveLength(ZONES.length);
    const active = document.getElementById(input.getAttribute("aria-activedescendant")!);
    expect(active?.textContent).toContain("Europe/Berlin");
  });

  it("picks an option with the mouse", async () => {
    const { input, props } = setup();
    await type(input, "new");
    await fireEvent.click(screen.getAllByRole("option")[0]!);
    expect(props.value).toBe("America/New_York");
    expect(input.value).toBe("America/New_York");
  });

  it("follows a value set from outside", async () => {
    const { input, props } = setup("UTC");
    props.value = "Asia/Tokyo";
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(input.value).toBe("Asia/Tokyo");
  });
});
