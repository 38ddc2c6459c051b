// Conversations' data: the channel list (for the sidebar, alive as long as the shell), one
// channel's threads a page at a time, and one thread with the teammates its composer offers.

import * as api from "../../app/api";
import type { Channel } from "../../app/bindings/Channel";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { ThreadDetail } from "../../app/bindings/ThreadDetail";
import type { ThreadSummary } from "../../app/bindings/ThreadSummary";
import { LiveStore, Resource, touchesAll, type LiveOptions } from "../../app/live-store.svelte";
import { toErrorPayload } from "../../shared/errors";
import { Teammates } from "../../shared/teammates.svelte";

/** What changes what conversations show. */
export const CONTENT_CHANGES: readonly CoreEvent[] = ["content_changed"];
/** The composer's teammates show local times and statuses, which these change. */
export const PEOPLE_CHANGES: readonly CoreEvent[] = ["team_changed", "profile_changed", "focus_changed"];

/** Threads per page. */
export const PAGE_SIZE = 50;

export class ChannelsStore extends LiveStore {
  /** Every channel, archived ones included (the sidebar folds those away). */
  readonly all = new Resource(() => api.channels(true));

  constructor(options: LiveOptions = {}) {
    super(CONTENT_CHANGES, options);
  }

  get active(): Channel[] {
    return (this.all.value ?? []).filter((channel) => !channel.archived);
  }

  get archived(): Channel[] {
    return (this.all.value ?? []).filter((channel) => channel.archived);
  }

  byId(id: string | null): Channel | null {
    return (id && this.all.value?.find((channel) => channel.id === id)) || null;
  }

  /** Shows a channel a command returned, until the next load. */
  put(channel: Channel): void {
    const list = this.all.value ?? [];
    const known = list.some((c) => c.id === channel.id);
    const next = known ? list.map((c) => (c.id === channel.id ? channel : c)) : [...list, channel];
    this.all.set(next.sort((a, b) => a.name.localeCompare(b.name)));
  }

  refresh(): Promise<void> {
    return this.all.load();
  }
}

/** One channel's threads, newest first; "Load more" reads the next page. */
export class ThreadListStore extends LiveStore {
  items = $state.raw<ThreadSummary[] | null>(null);
  error = $state<string | null>(null);
  /** Whether the last page read was full, so more may follow. */
  more = $state(false);
  includeArchived = $state(false);
  private readonly channelId: string;
  private request = 0;

  constructor(channelId: string, options: LiveOptions = {}) {
    super(CONTENT_CHANGES, options);
    this.channelId = channelId;
  }

  /** Re-reads as many threads as are shown (at least a page), so paging survives a change. */
  async refresh(): Promise<void> {
    const request = ++this.request;
    const limit = Math.max(PAGE_SIZE, this.items?.length ?? 0);
    try {
      const items = await api.threads({
        channelId: this.channelId,
        includeArchived: this.includeArchived,
        followingOnly: false,
        before: null,
        limit,
      });
      if (request !== this.request) return;
      this.items = items;
      this.more = items.length === limit;
      this.error = null;
    } catch (error) {
      if (request === this.request) this.error = toErrorPayload(error).message;
    }
  }

  async loadMore(): Promise<void> {
    const last = this.items?.at(-1);
    if (!last) return;
    const request = ++this.request;
    try {
      const page = await api.threads({
        channelId: this.channelId,
        includeArchived: this.includeArchived,
        followingOnly: false,
        before: { createdAt: last.created_at, id: last.id },
        limit: PAGE_SIZE,
      });
      if (request !== this.request) return;
      this.items = [...(this.items ?? []), ...page];
      this.more = page.length === PAGE_SIZE;
      this.error = null;
    } catch (error) {
      if (request === this.request) this.error = toErrorPayload(error).message;
    }
  }

  setIncludeArchived(include: boolean): Promise<void> {
    this.includeArchived = include;
    this.items = null;
    return this.refresh();
  }
}

/** One thread in full, plus the teammates its composers can mention. */
export class ThreadStore extends LiveStore {
  readonly detail: Resource<ThreadDetail>;
  readonly teammates = new Teammates();
  /** The emoji a reaction may use: read once. */
  readonly emoji = new Resource(() => api.reactionEmoji());
  private marking = false;
  private opened = false;

  constructor(threadId: string, options: LiveOptions = {}) {
    super([...CONTENT_CHANGES, ...PEOPLE_CHANGES], options);
    this.detail = new Resource(() => api.thread(threadId));
  }

  async refresh(change?: CoreEvent): Promise<void> {
    const content = touchesAll(change) || CONTENT_CHANGES.includes(change!);
    const people = touchesAll(change) || PEOPLE_CHANGES.includes(change!);
    await Promise.all([
      content ? this.detail.load() : null,
      people ? this.teammates.load() : null,
      this.emoji.value === null ? this.emoji.load() : null,
    ]);
    if (content) await this.markRead();
  }

  /** Marks the thread read on opening, and again whenever something in it is new to me. */
  private async markRead(): Promise<void> {
    const summary = this.detail.value?.summary;
    if (!summary || this.marking || (this.opened && !summary.unread)) return;
    this.opened = true;
    this.marking = true;
    try {
      await api.markRead(summary.id);
    } catch {
      // Reading stays possible; the unread dot simply stays until the next change.
    } finally {
      this.marking = false;
    }
  }
}
