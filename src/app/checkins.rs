//! The façade's check-ins: templates, schedules, answers, occurrences and blockers, each
//! handed to the `checkins` domain.

use super::Meridian;
use crate::base::model::*;
use crate::base::Result;
use crate::checkins;

impl Meridian {
    /// Creates a check-in template.
    pub fn create_checkin_template(
        &mut self,
        input: &CheckinTemplateInput,
    ) -> Result<CheckinTemplate> {
        checkins::set_template(&mut self.cx, None, input)
    }

    /// Replaces a template's name and questions (questions keep their ids when given).
    pub fn update_checkin_template(
        &mut self,
        template_id: &str,
        input: &CheckinTemplateInput,
    ) -> Result<CheckinTemplate> {
        checkins::set_template(&mut self.cx, Some(template_id), input)
    }

    pub fn checkin_templates(&self) -> Result<Vec<CheckinTemplate>> {
        checkins::templates(&self.cx)
    }

    pub fn checkin_template(&self, template_id: &str) -> Result<CheckinTemplate> {
        checkins::template(&self.cx, template_id)
    }

    /// Creates a schedule: weekdays and a local time, asked in each participant's own zone.
    pub fn create_checkin_schedule(
        &mut self,
        input: &CheckinScheduleInput,
    ) -> Result<CheckinSchedule> {
        checkins::set_schedule(&mut self.cx, None, input)
    }

    /// Replaces a schedule's settings (pausing it is `active: false`).
    pub fn update_checkin_schedule(
        &mut self,
        schedule_id: &str,
        input: &CheckinScheduleInput,
    ) -> Result<CheckinSchedule> {
        checkins::set_schedule(&mut self.cx, Some(schedule_id), input)
    }

    pub fn checkin_schedules(&self) -> Result<Vec<CheckinSchedule>> {
        checkins::schedules(&self.cx)
    }

    pub fn checkin_schedule(&self, schedule_id: &str) -> Result<CheckinSchedule> {
        checkins::schedule(&self.cx, schedule_id)
    }

    /// Answers, or edits my answer to, a check-in I was asked (late answers are accepted).
    pub fn answer_checkin(&mut self, input: &CheckinAnswerInput) -> Result<CheckinAnswer> {
        checkins::answer(&mut self.cx, input)
    }

    /// Where everyone stands in one occurrence (default: the latest one anyone was asked).
    pub fn checkin_occurrence(
        &self,
        schedule_id: &str,
        date: Option<&str>,
    ) -> Result<CheckinOccurrence> {
        checkins::occurrence(&self.cx, schedule_id, date)
    }

    /// Templates, schedules, my check-ins of the last week and the open blockers.
    pub fn checkin_overview(&self) -> Result<CheckinOverview> {
        checkins::overview(&self.cx)
    }

    /// Open blockers reported in check-ins, newest first.
    pub fn checkin_blockers(&self) -> Result<Vec<CheckinBlocker>> {
        checkins::open_blockers(&self.cx)
    }

    /// Marks a reported blocker cleared, or open again.
    pub fn set_checkin_blocker_cleared(&mut self, answer_id: &str, cleared: bool) -> Result<()> {
        checkins::set_blocker_cleared(&mut self.cx, answer_id, cleared)
    }

    /// Runs the check-in scheduler once: asks, reminds and posts digests that are due. The
    /// delivery loop does this on every pass; this is for the CLI and tests.
    pub fn run_checkins(&mut self) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
        checkins::run_due(&mut self.cx)
    }
}
