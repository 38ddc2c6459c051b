// Reading the core's rejections.
import { describe, expect, it } from "vitest";
import { fieldOf, toErrorPayload } from "./errors";

describe("error payloads", () => {
  it("keeps a core ErrorPayload as it is", () => {
    const p = { kind: "invalid", message: "Handle taken", field: "handle" };
    expect(toErrorPayload(p)).toEqual(p);
  });

  it("wraps strings and errors", () => {
    expect(toErrorPayload("command snapshot not found")).toEqual({
      kind: "storage",
      message: "command snapshot not found",
      field: null,
    });
    expect(toErrorPayload(new Error("boom"))).toEqual({ kind: "storage", message: "boom", field: null });
    expect(toErrorPayload(undefined).message).toBe("Something went wrong.");
  });

  it("maps a field to a form field or to the banner", () => {
    const fields = ["handle", "working_hours"] as const;
    expect(fieldOf({ kind: "invalid", message: "", field: "handle" }, fields)).toBe("handle");
    expect(fieldOf({ kind: "invalid", message: "", field: "working_hours.days[2]" }, fields)).toBe("working_hours");
    expect(fieldOf({ kind: "invalid", message: "", field: "duration" }, fields)).toBeNull();
    expect(fieldOf({ kind: "storage", message: "", field: null }, fields)).toBeNull();
  });
});
