// A channel: its header, the thread list's keys (j/k move, Enter opens, e toggles done, none of
// them while typing), archived threads behind "Show archived", and starting a thread.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../app/api", () => ({
  thread: vi.fn(),
  reactionEmoji: vi.fn(),
  markRead: vi.fn(),
  threads: vi.fn(),
  teamBoard: vi.fn(),
  setDone: vi.fn(),
  createThread: vi.fn(),
  checkDraft: vi.fn(),
  setChannelArchived: vi.fn(),
}));

import * as api from "../../app/api";
import { coreEvents } from "../../app/events";
import ChannelView from "./ChannelView.svelte";
import { CHANNEL, ME, PRIVATE_CHANNEL, board, detail, summary } from "./fixtures";

const THREADS = [summary(3, { unread: true }), summary(2, { done: true }), summary(1, { resolved: true })];
const onopenthread = vi.fn();
const onchannel = vi.fn();

function setup(channel = CHANNEL) {
  return render(ChannelView, {
    props: { channel, me: ME, now: Date.parse("2025-01-15T12:00:00Z"), threadId: null, onopenthread, onchannel },
  });
}

const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k });
const selectedRow = () => document.querySelector('[data-testid^="thread-row-"][aria-current="true"]')?.getAttribute("data-testid");

beforeEach(() => {
  vi.mocked(api.threads).mockReset().mockResolvedValue(THREADS);
  vi.mocked(api.teamBoard).mockReset().mockResolvedValue(board());
  vi.mocked(api.setDone).mockReset().mockResolvedValue(undefined);
  vi.mocked(api.createThread).mockReset().mockResolvedValue({ id: "t9", warnings: [], held: [] });
  vi.mocked(api.checkDraft).mockReset().mockResolvedValue({ mentions: [], unknown: [], body_html: "" });
  onopenthread.mockReset();
  onchannel.mockReset();
});

describe("ChannelView", () => {
  it("shows the channel's facts and its threads with their markers", async () => {
    setup();
    await screen.findByTestId("thread-row-0");
    expect(screen.getByTestId("channel-title").textContent).toContain("design");
    expect(screen.getByTestId("channel-expectation").textContent).toBe("Replies within 1 working day");
    expect(screen.getByTestId("channel-privacy").textContent).toBe("Open to the team");
    const first = screen.getByTestId("thread-row-0");
    expect(first.textContent).toContain("Thread 3");
    expect(first.textContent).toContain("Grace Hopper");
    expect(first.textContent).toContain("About thing 3");
    expect(first.querySelector(".dot.on")).toBeTruthy();
    expect(screen.getByTestId("thread-row-1").textContent).toContain("Done");
    expect(screen.getByTestId("thread-row-2").textContent).toContain("Resolved");
    expect(api.threads).toHaveBeenCalledWith({
      channelId: "c-design",
      includeArchived: false,
      followingOnly: false,
      before: null,
      limit: 50,
    });
  });

  it("says why a private channel is private and who is in it", async () => {
    setup(PRIVATE_CHANNEL);
    await screen.findByTestId("thread-row-0");
    const facts = screen.getByTestId("channel-facts").textContent ?? "";
    expect(facts).toContain("Private");
    expect(facts).toContain("Salary reviews");
    expect(facts).toContain("Ada Lovelace, Grace Hopper");
  });

  it("moves with j/k, opens with Enter and toggles done with e", async () => {
    setup();
    await screen.findByTestId("thread-row-0");
    await key("j");
    expect(selectedRow()).toBe("thread-row-0");
    await key("j");
    await key("j");
    await key("j");
    expect(selectedRow()).toBe("thread-row-2");
    await key("k");
    expect(selectedRow()).toBe("thread-row-1");
    await key("e");
    expect(api.setDone).toHaveBeenCalledWith("t2", false);
    await key("k");
    await key("e");
    expect(api.setDone).toHaveBeenLastCalledWith("t3", true);
    await key("Enter");
    expect(onopenthread).toHaveBeenCalledWith("t3");
  });

  it("leaves j, k, e and Enter to whoever is typing", async () => {
    setup();
    await screen.findByTestId("thread-row-0");
    await fireEvent.click(screen.getByTestId("new-thread-button"));
    const title = screen.getByTestId("new-thread-title");
    for (const k of ["j", "k", "e", "Enter"]) await key(k, title);
    expect(selectedRow()).toBeUndefined();
    expect(api.setDone).not.toHaveBeenCalled();
    expect(onopenthread).not.toHaveBeenCalled();
  });

  it("reaches archived threads through Show archived", async () => {
    setup();
    await screen.findByTestId("thread-row-0");
    vi.mocked(api.threads).mockResolvedValue([...THREADS, summary(0, { archived: true, title: "Old plan" })]);
    await fireEvent.click(screen.getByTestId("show-archived-threads"));
    await screen.findByText("Old plan");
    expect(api.threads).toHaveBeenLastCalledWith(expect.objectContaining({ includeArchived: true }));
  });

  it("starts a thread with a title and a Markdown body, then opens it", async () => {
    setup();
    await screen.findByTestId("thread-row-0");
    await fireEvent.click(screen.getByTestId("new-thread-button"));
    await fireEvent.click(screen.getByTestId("new-thread-body-send"));
    expect(screen.getByTestId("error-new-thread-title").textContent).toContain("title");
    expect(api.createThread).not.toHaveBeenCalled();
    await fireEvent.input(screen.getByTestId("new-thread-title"), { target: { value: " Launch plan " } });
    await fireEvent.input(screen.getByTestId("new-thread-body-input"), { target: { value: "We ship **Friday**" } });
    await fireEvent.keyDown(screen.getByTestId("new-thread-body-input"), { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(onopenthread).toHaveBeenCalledWith("t9"));
    expect(api.createThread).toHaveBeenCalledWith("c-design", "Launch plan", "We ship **Friday**", false);
  });

  it("re-reads the list on changes while it shows, not while a thread is open", async () => {
    vi.mocked(api.thread).mockResolvedValue(detail());
    vi.mocked(api.reactionEmoji).mockResolvedValue([]);
    vi.mocked(api.markRead).mockResolvedValue(false);
    const view = setup();
    await screen.findByTestId("thread-row-0");
    vi.mocked(api.threads).mockClear();
    coreEvents.dispatch("content_changed");
    await waitFor(() => expect(api.threads).toHaveBeenCalledTimes(1));

    await view.rerender({ threadId: "t1" });
    await screen.findByTestId("thread-view");
    vi.mocked(api.threads).mockClear();
    coreEvents.dispatch("content_changed");
    await waitFor(() => expect(api.thread).toHaveBeenCalledTimes(2));
    expect(api.threads).not.toHaveBeenCalled();

    await view.rerender({ threadId: null });
    await screen.findByTestId("thread-row-0");
    expect(api.threads).toHaveBeenCalledTimes(1);
    view.unmount();
    expect(coreEvents.size).toBe(0);
  });
});
