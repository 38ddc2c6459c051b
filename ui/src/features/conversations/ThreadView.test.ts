// A thread: nested comments with "replying to", marking read, replying (r, Ctrl+Enter, text kept
// on error), reactions, thanks and the edit history.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  thread: vi.fn(),
  teamBoard: vi.fn(),
  reactionEmoji: vi.fn(),
  markRead: vi.fn(),
  comment: vi.fn(),
  editComment: vi.fn(),
  checkDraft: vi.fn(),
  react: vi.fn(),
  thank: vi.fn(),
  itemHistory: vi.fn(),
  setArchived: vi.fn(),
  setThreadResolved: vi.fn(),
  setFollowing: vi.fn(),
  setDone: vi.fn(),
  editThread: vi.fn(),
}));

import * as api from "../../app/api";
import { coreEvents } from "../../app/events";
import { ADA, CHANNEL, GRACE, ME, board, detail, summary } from "./fixtures";
import ThreadView from "./ThreadView.svelte";

const onback = vi.fn();

function setup() {
  return render(ThreadView, {
    props: { threadId: "t1", channel: CHANNEL, me: ME, now: Date.parse("2025-01-15T12:10:00Z"), onback },
  });
}

beforeEach(() => {
  vi.mocked(api.thread).mockReset().mockResolvedValue(detail());
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue(board());
  vi.mocked(api.reactionEmoji).mockReset().mockResolvedValue(["👍", "🎉", "👀"]);
  vi.mocked(api.markRead).mockReset().mockResolvedValue(true);
  vi.mocked(api.comment).mockReset().mockResolvedValue({ id: "c9", warnings: [], held: [] });
  vi.mocked(api.checkDraft).mockReset().mockResolvedValue({ mentions: [], unknown: [], body_html: "<p>x</p>" });
  vi.mocked(api.react).mockReset().mockResolvedValue(true);
  vi.mocked(api.thank).mockReset().mockResolvedValue({ id: "k2", warnings: [], held: [] });
  vi.mocked(api.itemHistory).mockReset();
  vi.mocked(api.setArchived).mockReset().mockResolvedValue(undefined);
  onback.mockReset();
});

describe("ThreadView", () => {
  it("renders the sanitised body and the comments nested by depth, deeper replies saying whom they answer", async () => {
    setup();
    await screen.findByTestId("thread-title");
    expect(screen.getByTestId("thread-title").textContent).toBe("Launch plan");
    expect(screen.getByTestId("thread-body").querySelector(".mention")?.textContent).toBe("@grace");
    const depths = [0, 1, 2, 3].map((n) => screen.getByTestId(`comment-${n}`).getAttribute("data-depth"));
    expect(depths).toEqual(["0", "1", "2", "2"]);
    expect(screen.getByTestId("comment-1").style.getPropertyValue("--depth")).toBe("1");
    expect(screen.queryByTestId("comment-2-replying")).toBeNull();
    expect(screen.getByTestId("comment-3-replying").textContent).toBe("replying to @grace");
    expect(screen.getByTestId("comment-0-body").innerHTML).toBe("<p>Comment c1</p>");
    // Edit is offered on my own comments only.
    expect(screen.queryByTestId("comment-0-edit")).toBeNull();
    expect(screen.getByTestId("comment-1-edit")).toBeTruthy();
    expect(screen.getByTestId("thread-thanks").textContent).toContain("Grace Hopper thanked Ada Lovelace: Great plan");
  });

  it("marks the thread read on opening", async () => {
    setup();
    await waitFor(() => expect(api.markRead).toHaveBeenCalledWith("t1"));
    expect(api.markRead).toHaveBeenCalledTimes(1);
  });

  it("focuses the reply composer on r, sends with Ctrl+Enter and clears the text once sent", async () => {
    setup();
    await screen.findByTestId("thread-title");
    const input = screen.getByTestId("reply-input") as HTMLTextAreaElement;
    await fireEvent.keyDown(document.body, { key: "r" });
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: "On it" } });
    await fireEvent.keyDown(input, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(api.comment).toHaveBeenCalledWith("t1", null, "On it", false));
    await waitFor(() => expect(input.value).toBe(""));
  });

  it("says whose notification waits for their working hours once a reply went out", async () => {
    vi.mocked(api.comment).mockResolvedValue({
      id: "c9",
      warnings: ["@zed is not a teammate, so nobody was notified; the text stays as written."],
      held: ["@aroha gets it at 09:00 their time (Thursday)"],
    });
    setup();
    await screen.findByTestId("thread-title");
    await fireEvent.input(screen.getByTestId("reply-input"), { target: { value: "@aroha and @zed" } });
    await fireEvent.click(screen.getByTestId("reply-send"));
    const notice = await screen.findByTestId("post-notice");
    expect(notice.textContent).toContain("@aroha gets it at 09:00 their time (Thursday)");
    expect(notice.textContent).toContain("@zed is not a teammate");
  });

  it("keeps the reply and shows the core's message when sending fails", async () => {
    vi.mocked(api.comment).mockRejectedValue({ kind: "conflict", message: "“Launch plan” is archived; restore it before replying.", field: null });
    setup();
    await screen.findByTestId("thread-title");
    const input = screen.getByTestId("reply-input") as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: "Still here" } });
    await fireEvent.click(screen.getByTestId("reply-send"));
    expect((await screen.findByTestId("reply-error")).textContent).toContain("restore it before replying");
    expect(input.value).toBe("Still here");
  });

  it("replies to a comment from its own composer", async () => {
    setup();
    await screen.findByTestId("thread-title");
    await fireEvent.click(screen.getByTestId("comment-2-reply"));
    // Holding notifications for people's working hours is one choice for the whole thread.
    await fireEvent.click(screen.getByTestId("comment-2-replier-in-their-hours"));
    expect((screen.getByTestId("reply-in-their-hours") as HTMLInputElement).checked).toBe(true);
    const input = screen.getByTestId("comment-2-replier-input") as HTMLTextAreaElement;
    await fireEvent.input(input, { target: { value: "Deeper" } });
    await fireEvent.keyDown(input, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(api.comment).toHaveBeenCalledWith("t1", "c3", "Deeper", true));
  });

  it("does not take r while typing", async () => {
    setup();
    await screen.findByTestId("thread-title");
    await fireEvent.click(screen.getByTestId("comment-0-reply"));
    const inline = screen.getByTestId("comment-0-replier-input");
    inline.focus();
    await fireEvent.keyDown(inline, { key: "r" });
    expect(document.activeElement).toBe(inline);
  });

  it("toggles reactions, shows who reacted and adds one from the picker", async () => {
    setup();
    await screen.findByTestId("thread-title");
    const party = screen.getByTestId("thread-reactions-🎉");
    expect(party.getAttribute("aria-pressed")).toBe("true");
    expect(party.getAttribute("title")).toBe("Grace Hopper and You reacted with 🎉");
    expect(party.textContent).toContain("2");
    await fireEvent.click(party);
    expect(api.react).toHaveBeenCalledWith("t1", "🎉");
    await fireEvent.click(screen.getByTestId("thread-reactions-add"));
    await fireEvent.click(await screen.findByTestId("thread-reactions-pick-👀"));
    expect(api.react).toHaveBeenCalledWith("t1", "👀");
  });

  it("thanks the author with a note", async () => {
    vi.mocked(api.thread).mockResolvedValue(detail({ summary: summary(1, { id: "t1", title: "Launch plan", author: GRACE }) }));
    setup();
    await screen.findByTestId("thread-title");
    await fireEvent.click(screen.getByTestId("thread-thank"));
    expect((screen.getByTestId("thank-grace") as HTMLInputElement).checked).toBe(true);
    await fireEvent.input(screen.getByTestId("thank-note"), { target: { value: "Saved the launch" } });
    await fireEvent.click(screen.getByTestId("thank-send"));
    await waitFor(() => expect(api.thank).toHaveBeenCalledWith(["grace"], "Saved the launch", "t1"));
  });

  it("lists earlier versions from the edited marker", async () => {
    vi.mocked(api.itemHistory).mockResolvedValue([
      { id: "r1", title: "Launch", body: "Ready?", author: ADA, created_at: "2025-01-15T11:00:00Z" },
      { id: "r2", title: "Launch plan", body: "Ready, @grace?", author: ADA, created_at: "2025-01-15T11:30:00Z" },
    ]);
    setup();
    const edited = await screen.findByTestId("thread-edited");
    expect(edited.textContent?.trim()).toBe("edited 12:30");
    await fireEvent.click(edited);
    await waitFor(() => expect(screen.getByTestId("thread-revision-1").textContent).toContain("Original"));
    expect(api.itemHistory).toHaveBeenCalledWith("t1");
    expect(screen.getByTestId("thread-revision-0").textContent).toContain("Ready, @grace?");
    expect(screen.getByTestId("thread-revision-1").textContent).toContain("Ready?");
  });

  it("refreshes on content changes and goes back on Escape", async () => {
    const view = setup();
    await screen.findByTestId("thread-title");
    vi.mocked(api.thread).mockClear();
    vi.mocked(api.teamBoard).mockClear();
    coreEvents.dispatch("content_changed");
    await waitFor(() => expect(api.thread).toHaveBeenCalledTimes(1));
    expect(api.teamBoard).not.toHaveBeenCalled();
    await fireEvent.keyDown(document.body, { key: "Escape" });
    expect(onback).toHaveBeenCalled();
    view.unmount();
    expect(coreEvents.size).toBe(0);
  });
});
