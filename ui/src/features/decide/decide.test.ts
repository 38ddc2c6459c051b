import { describe, expect, it } from "vitest";
import {
  changeFormErrors,
  changeInputOf,
  decisionFormErrors,
  decisionInputOf,
  emptyChangeForm,
  emptyDecisionForm,
  handlesOf,
  needsReason,
  optionsOf,
} from "./decide";

describe("decision form", () => {
  it("turns the form into the core's input, local time included", () => {
    const form = {
      ...emptyDecisionForm(),
      title: "Check-ins instead of stand-ups",
      options: "Yes\n\n No \n",
      voters: "@grace, aroha",
      closes: "2026-12-01T17:00",
    };
    expect(decisionInputOf(form)).toEqual({
      title: "Check-ins instead of stand-ups",
      context: "",
      options: ["Yes", "No"],
      voters: ["grace", "aroha"],
      closes: "2026-12-01 17:00",
      hide_results: false,
      supersedes: null,
    });
  });

  it("asks for a title, two options and a closing time", () => {
    const errors = decisionFormErrors({ ...emptyDecisionForm(), options: "Only one" });
    expect(Object.keys(errors).sort()).toEqual(["closes", "options", "title"]);
    expect(decisionFormErrors({ ...emptyDecisionForm(), title: "T", closes: "2026-12-01T17:00" })).toEqual({});
  });

  it("needs a reason to disagree or block, not to agree", () => {
    expect(needsReason("Block")).toBe(true);
    expect(needsReason("disagree")).toBe(true);
    expect(needsReason("agree")).toBe(false);
    expect(optionsOf("a\nb")).toEqual(["a", "b"]);
    expect(handlesOf("@a @b,c")).toEqual(["a", "b", "c"]);
  });
});

describe("change form", () => {
  it("sends a results link only when tested, a justification only for an emergency", () => {
    const form = {
      ...emptyChangeForm(),
      title: "Hotfix",
      kind: "normal" as const,
      systems: "Payments, ledger",
      results: "https://ci/1",
      justification: "ignored",
    };
    const input = changeInputOf(form);
    expect(input.systems).toEqual(["payments", "ledger"]);
    expect(input.results_url).toBeNull();
    expect(input.justification).toBeNull();
    expect(changeInputOf({ ...form, tested: true, kind: "emergency" }).results_url).toBe("https://ci/1");
  });

  it("refuses tested without results and an emergency without a justification", () => {
    const errors = changeFormErrors({ ...emptyChangeForm(), title: "T", systems: "db", kind: "emergency", tested: true });
    expect(Object.keys(errors).sort()).toEqual(["justification", "results_url"]);
  });
});
