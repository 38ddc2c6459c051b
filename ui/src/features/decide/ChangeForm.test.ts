// The change form's picker: each approver's local time and status, who an emergency reaches
// now; and the core's refusal shown next to the field it names, with nothing filed.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  changeTemplates: vi.fn(),
  changeRouting: vi.fn(),
  fileChange: vi.fn(),
}));

import * as api from "../../app/api";
import type { ApproverView } from "../../app/bindings/ApproverView";
import ChangeForm from "./ChangeForm.svelte";

const approver = (handle: string, working: boolean): ApproverView => ({
  person: { id: `id-${handle}`, handle, display_name: handle },
  local_time: working ? "11:00 Mon" : "04:00 Mon",
  time_zone: working ? "Europe/Helsinki" : "America/New_York",
  status: working ? "Available until 17:00" : "Off until 09:00",
  working,
  time_off: false,
  urgent: working,
  response: null,
});

beforeEach(() => {
  vi.mocked(api.changeTemplates).mockReset().mockResolvedValue([]);
  vi.mocked(api.changeRouting)
    .mockReset()
    .mockResolvedValue({
      kind: "emergency",
      groups: [{ name: "DB owners", system: "payments", required: 1, approvals: 0, approvers: [approver("linus", true), approver("grace", false)] }],
      urgent: [approver("linus", true).person],
      out_of_hours: [],
      later: [approver("grace", false).person],
    });
  vi.mocked(api.fileChange)
    .mockReset()
    .mockRejectedValue({ kind: "invalid", message: "You said it was tested: link the test results.", field: "results_url" });
});

describe("ChangeForm", () => {
  it("shows who must approve, their local time and status, and who an emergency reaches now", async () => {
    render(ChangeForm, { props: { onsaved: vi.fn(), oncancel: vi.fn() } });
    await fireEvent.click(screen.getByTestId("change-kind-emergency"));
    await fireEvent.input(screen.getByTestId("change-systems"), { target: { value: "Payments" } });
    const summary = await screen.findByTestId("picker-summary");
    expect(vi.mocked(api.changeRouting)).toHaveBeenLastCalledWith("emergency", ["payments"]);
    expect(summary.textContent).toContain("Urgent now to @linus.");
    expect(summary.textContent).toContain("@grace gets it in their inbox for later");
    const grace = screen.getByTestId("approver-grace");
    expect(grace.dataset.working).toBe("false");
    expect(grace.textContent).toContain("04:00 Mon");
    expect(grace.textContent).toContain("Off until 09:00");
    expect(grace.textContent).toContain("inbox, later");
    expect(screen.getByTestId("approver-linus").textContent).toContain("urgent now");
  });

  it("says who is paged out of hours when nobody in a group is working", async () => {
    const paged = { ...approver("aroha", false), urgent: true };
    vi.mocked(api.changeRouting).mockResolvedValue({
      kind: "emergency",
      groups: [
        { name: "DB owners", system: "payments", required: 1, approvals: 0, approvers: [approver("linus", true)] },
        { name: "Release", system: "payments", required: 1, approvals: 0, approvers: [paged, { ...approver("priya", false), time_off: true }] },
      ],
      urgent: [approver("linus", true).person, paged.person],
      out_of_hours: [paged.person],
      later: [approver("priya", false).person],
    });
    render(ChangeForm, { props: { onsaved: vi.fn(), oncancel: vi.fn() } });
    await fireEvent.click(screen.getByTestId("change-kind-emergency"));
    await fireEvent.input(screen.getByTestId("change-systems"), { target: { value: "payments" } });
    const summary = await screen.findByTestId("picker-summary");
    expect(summary.textContent).toContain("Urgent now to @linus. Nobody in their group is working, so @aroha is paged out of hours. @priya gets it in their inbox for later.");
    expect(screen.getByTestId("approver-aroha").textContent).toContain("paged out of hours");
    expect(screen.getByTestId("approver-priya").textContent).toContain("inbox, later");
  });

  it("asks for a justification first, then shows the core's refusal by its field", async () => {
    const onsaved = vi.fn();
    render(ChangeForm, { props: { onsaved, oncancel: vi.fn() } });
    await fireEvent.click(screen.getByTestId("change-kind-emergency"));
    await fireEvent.input(screen.getByTestId("change-title"), { target: { value: "Hotfix" } });
    await fireEvent.input(screen.getByTestId("change-systems"), { target: { value: "payments" } });
    await fireEvent.click(screen.getByTestId("change-submit"));
    expect(await screen.findByTestId("error-change-justification")).toBeTruthy();
    expect(vi.mocked(api.fileChange)).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("change-justification"), { target: { value: "Checkout is down" } });
    await fireEvent.click(screen.getByTestId("change-tested"));
    await fireEvent.input(screen.getByTestId("change-results"), { target: { value: "https://ci/1" } });
    await fireEvent.click(screen.getByTestId("change-submit"));
    await waitFor(() => expect(screen.getByTestId("error-change-results").textContent).toContain("link the test results"));
    expect(onsaved).not.toHaveBeenCalled();
  });
});
