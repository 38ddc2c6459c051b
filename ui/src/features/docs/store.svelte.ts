// Docs' data: the list, and one doc at the revision on screen with its unmerged versions.

import * as api from "../../app/api";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { DocDetail } from "../../app/bindings/DocDetail";
import type { DocHead } from "../../app/bindings/DocHead";
import { LiveStore, Resource, touchesAll, type LiveOptions } from "../../app/live-store.svelte";
import { Teammates } from "../../shared/teammates.svelte";

export const DOC_CHANGES: readonly CoreEvent[] = ["content_changed"];

export class DocsStore extends LiveStore {
  includeArchived = $state(false);
  readonly list = new Resource(() => api.docs(this.includeArchived));

  constructor(options: LiveOptions = {}) {
    super(DOC_CHANGES, options);
  }

  setIncludeArchived(include: boolean): Promise<void> {
    this.includeArchived = include;
    return this.list.load();
  }

  refresh(): Promise<void> {
    return this.list.load();
  }
}

export class DocStore extends LiveStore {
  /** The revision on screen (id); null for the latest version. */
  revision = $state<string | null>(null);
  readonly detail: Resource<DocDetail>;
  /** The unmerged versions with their text, read while there is more than one. */
  readonly heads: Resource<DocHead[]>;
  readonly teammates = new Teammates();

  constructor(docId: string, options: LiveOptions = {}) {
    super(DOC_CHANGES, options);
    this.detail = new Resource(() => api.doc(docId, this.revision));
    this.heads = new Resource(() => api.docHeads(docId));
  }

  /** Whether the revision on screen is the latest version (comments anchor to that one). */
  get atLatest(): boolean {
    const detail = this.detail.value;
    return Boolean(detail && detail.heads[0]?.id === detail.revision.id);
  }

  async refresh(change?: CoreEvent): Promise<void> {
    await Promise.all([this.detail.load(), touchesAll(change) ? this.teammates.load() : null]);
    if ((this.detail.value?.summary.head_count ?? 1) > 1) await this.heads.load();
  }

  /** Shows a revision (null: the latest). */
  show(revision: string | null): Promise<void> {
    this.revision = revision;
    return this.refresh("content_changed");
  }
}
