// Editing a task in its panel: the form starts from the task as it is (its due time in the zone
// it was set in), a missing title is said before asking the core, the core's refusals sit
// beside their field, and an untouched due time is passed on as the stored instant.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({ editTask: vi.fn() }));

import * as api from "../../app/api";
import type { Member } from "../../app/bindings/Member";
import { makeTask } from "./fixtures";
import TaskEditor from "./TaskEditor.svelte";

const HOURS = { days: [[], [], [], [], [], [], []] };
const ME: Member = { id: "me", handle: "aroha", display_name: "Aroha", time_zone: "Pacific/Auckland", working_hours: HOURS, is_me: true };
const GRACE: Member = { id: "g", handle: "grace", display_name: "Grace", time_zone: "Europe/London", working_hours: HOURS, is_me: false };
const GOAL = { id: "goal1", title: "Launch" } as never;
const TASK = makeTask({
  id: "t1",
  title: "Write notes",
  body: "Some **notes**",
  owner: { id: "me", handle: "aroha", display_name: "Aroha" },
  due_at: "2026-12-01T16:00:00Z",
  due_zone: "Europe/Berlin",
});
const onsaved = vi.fn();
const oncancel = vi.fn();

function setup() {
  render(TaskEditor, { props: { task: TASK, me: ME, people: [ME, GRACE], goals: [GOAL], onsaved, oncancel } });
  return {
    title: screen.getByTestId("task-edit-title") as HTMLInputElement,
    body: screen.getByTestId("task-edit-body") as HTMLTextAreaElement,
    due: screen.getByTestId("task-edit-due") as HTMLInputElement,
    owner: screen.getByTestId("task-edit-owner") as HTMLSelectElement,
    goal: screen.getByTestId("task-edit-goal") as HTMLSelectElement,
  };
}

beforeEach(() => {
  vi.mocked(api.editTask).mockReset();
  onsaved.mockReset();
  oncancel.mockReset();
});

describe("TaskEditor", () => {
  it("starts from the task, its due time in the zone it was set in", () => {
    const { title, body, due, owner } = setup();
    expect(title.value).toBe("Write notes");
    expect(body.value).toBe("Some **notes**");
    expect(due.value).toBe("2026-12-01T17:00");
    expect(owner.value).toBe("aroha");
    expect((screen.getByTestId("task-edit-zone") as HTMLInputElement).value).toBe("Europe/Berlin");
  });

  it("saves every field through edit_task, keeping an untouched due time as the stored instant", async () => {
    const saved = makeTask({ title: "Write the notes" });
    vi.mocked(api.editTask).mockResolvedValue(saved);
    const { title, body, owner, goal } = setup();
    await fireEvent.input(title, { target: { value: "Write the notes" } });
    await fireEvent.input(body, { target: { value: "- [x] draft" } });
    await fireEvent.change(owner, { target: { value: "grace" } });
    await fireEvent.change(goal, { target: { value: "goal1" } });
    await fireEvent.click(screen.getByTestId("task-edit-save"));
    await waitFor(() => expect(onsaved).toHaveBeenCalledWith(saved));
    expect(api.editTask).toHaveBeenCalledWith("t1", {
      title: "Write the notes",
      body: "- [x] draft",
      owner: "grace",
      due: "2026-12-01T16:00:00Z",
      due_zone: "Europe/Berlin",
      goal: "goal1",
      status: null,
    });
  });

  it("says a title is needed without asking the core", async () => {
    const { title } = setup();
    await fireEvent.input(title, { target: { value: "  " } });
    await fireEvent.click(screen.getByTestId("task-edit-save"));
    expect(screen.getByTestId("error-task-edit-title").textContent).toBe("Give the task a title.");
    expect(title.getAttribute("aria-invalid")).toBe("true");
    expect(api.editTask).not.toHaveBeenCalled();
  });

  it("places the core's refusal of a past due time beside the due field, and clears it on typing", async () => {
    const message = "2020-01-01 09:00 (Europe/Berlin) has passed; give a due time in the future.";
    vi.mocked(api.editTask).mockRejectedValue({ kind: "invalid", message, field: "due" });
    const { due } = setup();
    await fireEvent.input(due, { target: { value: "2020-01-01T09:00" } });
    await fireEvent.click(screen.getByTestId("task-edit-save"));
    expect((await screen.findByTestId("error-task-edit-due")).textContent).toBe(message);
    expect(api.editTask).toHaveBeenCalledWith("t1", expect.objectContaining({ due: "2020-01-01 09:00", due_zone: "Europe/Berlin" }));
    expect(onsaved).not.toHaveBeenCalled();
    await fireEvent.input(due, { target: { value: "2027-01-01T09:00" } });
    expect(screen.queryByTestId("error-task-edit-due")).toBeNull();
  });

  it("places an unknown owner's refusal beside the owner", async () => {
    const message = "Nobody on the team is @ghost; `meridian member list` shows every @handle.";
    vi.mocked(api.editTask).mockRejectedValue({ kind: "invalid", message, field: "owner" });
    setup();
    await fireEvent.click(screen.getByTestId("task-edit-save"));
    expect((await screen.findByTestId("error-task-edit-owner")).textContent).toBe(message);
  });
});
