//! The façade's work board and quick capture: tasks, blockers, goals and captures, each handed
//! to the `work` domain.

use super::Meridian;
use crate::base::model::*;
use crate::base::Result;
use crate::log::store;
use crate::work::{self, TaskFilter};

/// The local setting that holds this device's quick-capture shortcut.
const CAPTURE_SHORTCUT_KEY: &str = "capture_shortcut";
/// The quick-capture shortcut until someone picks another.
pub const DEFAULT_CAPTURE_SHORTCUT: &str = "Ctrl+Alt+Space";

impl Meridian {
    /// The board: tasks narrowed by `filter`, and every goal.
    pub fn board(&self, filter: &TaskFilter) -> Result<Board> {
        work::board(&self.cx, filter)
    }

    /// One task, its body rendered.
    pub fn task(&self, task_id: &str) -> Result<TaskView> {
        work::task(&self.cx, task_id)
    }

    pub fn create_task(&mut self, input: &TaskInput) -> Result<TaskView> {
        work::create_task(&mut self.cx, input)
    }

    pub fn edit_task(&mut self, task_id: &str, input: &TaskInput) -> Result<TaskView> {
        work::edit_task(&mut self.cx, task_id, input)
    }

    /// Moves a task to a status (backlog, todo, in_progress, done, canceled).
    pub fn move_task(&mut self, task_id: &str, status: &str) -> Result<TaskView> {
        work::move_task(&mut self.cx, task_id, status)
    }

    /// Makes `task_id` wait on `blocker_id`, or (with `active` false) stop waiting.
    pub fn set_task_blocker(
        &mut self,
        task_id: &str,
        blocker_id: &str,
        active: bool,
    ) -> Result<TaskView> {
        work::set_blocker(&mut self.cx, task_id, blocker_id, active)
    }

    /// Everyone a task can be given to.
    pub fn task_owners(&self) -> Result<Vec<PersonRef>> {
        work::owners(&self.cx)
    }

    pub fn goals(&self) -> Result<Vec<GoalView>> {
        work::goals(&self.cx)
    }

    pub fn goal(&self, goal_id: &str) -> Result<GoalView> {
        work::goal(&self.cx, goal_id)
    }

    pub fn create_goal(&mut self, input: &GoalInput) -> Result<GoalView> {
        work::create_goal(&mut self.cx, input)
    }

    /// A review of a goal; empty fields keep their value.
    pub fn update_goal(&mut self, goal_id: &str, input: &GoalInput) -> Result<GoalView> {
        work::update_goal(&mut self.cx, goal_id, input)
    }

    /// Saves a thought to my private capture list.
    pub fn capture(&mut self, text: &str) -> Result<CaptureView> {
        work::add_capture(&mut self.cx, text)
    }

    /// My captures, newest first; triaged ones only when asked.
    pub fn captures(&self, include_triaged: bool) -> Result<Vec<CaptureView>> {
        work::captures(&self.cx, include_triaged)
    }

    /// Turns a capture into a task, a thread (in `channel`) or a doc.
    pub fn triage_capture(
        &mut self,
        capture_id: &str,
        kind: &str,
        channel: Option<&str>,
    ) -> Result<CaptureView> {
        work::triage_capture(&mut self.cx, capture_id, kind, channel)
    }

    /// This device's quick-capture shortcut, such as "Ctrl+Alt+Space".
    pub fn capture_shortcut(&self) -> Result<String> {
        Ok(self
            .cx
            .store
            .local_meta(CAPTURE_SHORTCUT_KEY)?
            .unwrap_or_else(|| DEFAULT_CAPTURE_SHORTCUT.to_owned()))
    }

    /// Remembers this device's quick-capture shortcut (a local fact, not an op: another
    /// computer has other keys). The shell checks that it parses before storing it.
    pub fn store_capture_shortcut(&mut self, accelerator: &str) -> Result<()> {
        store::set_local_meta(
            self.cx.store.conn(),
            CAPTURE_SHORTCUT_KEY,
            accelerator.trim(),
        )
    }
}
