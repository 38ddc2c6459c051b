// Search's data: the results of the query being typed (the newest answer wins; a refresh on
// new content or index progress re-asks), the hint for bad syntax, and the index's progress.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { IndexProgress } from "../../app/bindings/IndexProgress";
import type { SearchHit } from "../../app/bindings/SearchHit";
import { LiveStore, type LiveOptions } from "../../app/live-store.svelte";
import { toErrorPayload } from "../../shared/errors";

export const SEARCH_CHANGES: readonly CoreEvent[] = ["content_changed", "search_index_changed"];

export class SearchStore extends LiveStore {
  query = $state("");
  hits = $state.raw<SearchHit[]>([]);
  /** Why the query could not run (a hint for bad syntax), or null. */
  error = $state<string | null>(null);
  progress = $state.raw<IndexProgress | null>(null);
  /** Whether the latest query has been answered. */
  answered = $state(false);
  private readonly limit: number;
  private request = 0;

  constructor(limit: number, options: LiveOptions = {}) {
    super(SEARCH_CHANGES, options);
    this.limit = limit;
  }

  /** Runs `query` now (as typed: the last word matches as a prefix). */
  async run(query: string): Promise<void> {
    this.query = query;
    const request = ++this.request;
    if (!query.trim()) {
      this.hits = [];
      this.error = null;
      this.answered = false;
      return;
    }
    try {
      const results = await api.search(query, this.limit);
      if (request !== this.request) return;
      this.hits = results.hits;
      this.progress = results.indexing;
      this.error = null;
    } catch (error) {
      if (request !== this.request) return;
      this.error = toErrorPayload(error).message;
      this.hits = [];
    }
    this.answered = true;
  }

  async refresh(): Promise<void> {
    try {
      this.progress = await api.searchStatus();
    } catch {
      // No index (yet): the query's own answer says why.
    }
    if (this.query.trim()) await this.run(this.query);
  }
}
