// The work board's data: the board (all tasks or my work), the open task, my captures and the
// quick-capture shortcut's state.

import * as api from "../../app/api";
import type { Board } from "../../app/bindings/Board";
import type { CoreEvent } from "../../app/bindings/CoreEvent";
import type { TaskView } from "../../app/bindings/TaskView";
import { cardOf } from "./board";
import { LiveStore, Resource, touchesAll, type LiveOptions } from "../../app/live-store.svelte";
import { Teammates } from "../../shared/teammates.svelte";

/** Check-in blockers show on the board; a triaged capture may land as content. */
export const BOARD_CHANGES: readonly CoreEvent[] = ["board_changed", "checkins_changed", "content_changed", "team_changed"];

export class BoardStore extends LiveStore {
  /** "My work": only the tasks I own, across every goal. */
  mine = $state(false);
  showCanceled = $state(false);
  /** The task open beside the board, if any. */
  openId = $state<string | null>(null);
  readonly board = new Resource<Board>(() => api.board(this.mine, this.showCanceled, null));
  readonly open = new Resource<TaskView>(() => api.task(this.openId ?? ""));
  readonly captures = new Resource(() => api.captures(false));
  readonly shortcut = new Resource(() => api.captureShortcut());
  readonly teammates = new Teammates();

  constructor(options: LiveOptions = {}) {
    super(BOARD_CHANGES, options);
  }

  async refresh(change?: CoreEvent): Promise<void> {
    await Promise.all([
      this.board.load(),
      this.captures.load(),
      this.openId ? this.open.load() : null,
      touchesAll(change) ? this.shortcut.load() : null,
      touchesAll(change) || change === "team_changed" ? this.teammates.load() : null,
    ]);
  }

  setMine(mine: boolean): Promise<void> {
    this.mine = mine;
    return this.board.load();
  }

  setShowCanceled(show: boolean): Promise<void> {
    this.showCanceled = show;
    return this.board.load();
  }

  /** Opens a task beside the board (null closes it). */
  openTask(id: string | null): Promise<void> {
    this.openId = id;
    return id ? this.open.load() : Promise.resolve();
  }

  /** Shows what a command returned for one task, in the board and the open panel. */
  put(task: TaskView): void {
    const board = this.board.value;
    if (board) {
      const card = cardOf(task);
      const tasks = board.tasks.some((t) => t.id === task.id)
        ? board.tasks.map((t) => (t.id === task.id ? card : t))
        : [...board.tasks, card];
      this.board.set({ ...board, tasks });
    }
    if (this.openId === task.id) this.open.set(task);
  }
}
