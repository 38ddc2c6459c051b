//! The façade's conversations and docs: channels, threads, comments, reactions, thanks and
//! docs, each handed to the `content` domain.

use super::Meridian;
use crate::base::model::*;
use crate::base::Result;
use crate::content::{self, ThreadFilter};

impl Meridian {
    /// Channels by name; archived ones only when asked.
    pub fn channels(&self, include_archived: bool) -> Result<Vec<Channel>> {
        content::channels(&self.cx, include_archived)
    }

    /// A channel by id or by name.
    pub fn channel(&self, id_or_name: &str) -> Result<Channel> {
        let id = content::resolve_channel(&self.cx, id_or_name)?;
        content::channel(&self.cx, &id)
    }

    pub fn create_channel(&mut self, input: &ChannelInput) -> Result<Channel> {
        content::create_channel(&mut self.cx, input)
    }

    /// Changes a channel's settings; making a private channel public needs `confirm_public`.
    pub fn update_channel(
        &mut self,
        id_or_name: &str,
        input: &ChannelInput,
        confirm_public: bool,
    ) -> Result<Channel> {
        let id = content::resolve_channel(&self.cx, id_or_name)?;
        content::update_channel(&mut self.cx, &id, input, confirm_public)
    }

    pub fn set_channel_archived(&mut self, id_or_name: &str, archived: bool) -> Result<Channel> {
        let id = content::resolve_channel(&self.cx, id_or_name)?;
        content::set_channel_archived(&mut self.cx, &id, archived)
    }

    /// Starts a thread in a channel (by id or name).
    pub fn create_thread(&mut self, channel: &str, title: &str, body: &str) -> Result<Posted> {
        self.create_thread_with(channel, title, body, false)
    }

    /// [`Meridian::create_thread`]; with `in_their_hours`, the notifications of people outside
    /// their working hours wait for their next working minute.
    pub fn create_thread_with(
        &mut self,
        channel: &str,
        title: &str,
        body: &str,
        in_their_hours: bool,
    ) -> Result<Posted> {
        let id = content::resolve_channel(&self.cx, channel)?;
        content::create_thread(&mut self.cx, &id, title, body, in_their_hours)
    }

    /// Threads newest first, a page at a time.
    pub fn threads(&self, filter: &ThreadFilter) -> Result<Vec<ThreadSummary>> {
        let mut filter = filter.clone();
        if let Some(channel) = &filter.channel_id {
            filter.channel_id = Some(content::resolve_channel(&self.cx, channel)?);
        }
        content::threads(&self.cx, &filter)
    }

    pub fn thread(&self, thread_id: &str) -> Result<ThreadDetail> {
        content::thread_detail(&self.cx, thread_id)
    }

    pub fn edit_thread(&mut self, thread_id: &str, title: &str, body: &str) -> Result<Posted> {
        content::edit_thread(&mut self.cx, thread_id, title, body)
    }

    pub fn set_thread_resolved(&mut self, thread_id: &str, resolved: bool) -> Result<()> {
        content::set_resolved(&mut self.cx, thread_id, resolved)
    }

    /// Archives or restores a thread, comment, doc, doc comment or channel by id.
    pub fn set_archived(&mut self, item_id: &str, archived: bool) -> Result<()> {
        content::set_item_archived(&mut self.cx, item_id, archived)
    }

    pub fn set_following(&mut self, thread_id: &str, following: bool) -> Result<()> {
        content::set_following(&mut self.cx, thread_id, following)
    }

    pub fn set_done(&mut self, thread_id: &str, done: bool) -> Result<()> {
        content::set_done(&mut self.cx, thread_id, done)
    }

    /// Marks a thread read; `false` when it was read already (nothing written).
    pub fn mark_read(&mut self, thread_id: &str) -> Result<bool> {
        content::mark_read(&mut self.cx, thread_id)
    }

    /// Comments on a thread, under `parent_id` if given.
    pub fn comment(
        &mut self,
        thread_id: &str,
        parent_id: Option<&str>,
        body: &str,
    ) -> Result<Posted> {
        self.comment_with(thread_id, parent_id, body, false)
    }

    /// [`Meridian::comment`]; with `in_their_hours`, notifications wait for each person's
    /// next working minute.
    pub fn comment_with(
        &mut self,
        thread_id: &str,
        parent_id: Option<&str>,
        body: &str,
        in_their_hours: bool,
    ) -> Result<Posted> {
        content::add_comment(&mut self.cx, thread_id, parent_id, body, in_their_hours)
    }

    pub fn edit_comment(&mut self, comment_id: &str, body: &str) -> Result<Posted> {
        content::edit_comment(&mut self.cx, comment_id, body)
    }

    /// Every version of a thread or comment, oldest first.
    pub fn history(&self, item_id: &str) -> Result<Vec<ItemRevision>> {
        content::item_history(&self.cx, item_id)
    }

    /// Toggles my reaction; returns whether it is now on.
    pub fn react(&mut self, item_id: &str, emoji: &str) -> Result<bool> {
        content::toggle_reaction(&mut self.cx, item_id, emoji)
    }

    pub fn thank(
        &mut self,
        handles: &[String],
        note: Option<&str>,
        item_id: Option<&str>,
    ) -> Result<Posted> {
        content::thank(&mut self.cx, handles, note, item_id)
    }

    pub fn recent_thanks(&self) -> Result<Vec<ThanksView>> {
        content::recent_thanks(&self.cx)
    }

    /// What the composer shows for a draft: mentions with local times, unknown handles and the
    /// rendered preview.
    pub fn check_draft(&self, channel: Option<&str>, body: &str) -> Result<DraftCheck> {
        let channel = channel
            .map(|channel| content::resolve_channel(&self.cx, channel))
            .transpose()?;
        content::check_draft(&self.cx, channel.as_deref(), body)
    }

    pub fn docs(&self, include_archived: bool) -> Result<Vec<DocSummary>> {
        content::docs(&self.cx, include_archived)
    }

    pub fn create_doc(&mut self, title: &str, body: &str, summary: Option<&str>) -> Result<Posted> {
        content::create_doc(&mut self.cx, title, body, summary)
    }

    /// A doc at a revision (id or number; the latest head when `None`).
    pub fn doc(&self, doc_id: &str, revision: Option<&str>) -> Result<DocDetail> {
        content::doc_detail(&self.cx, doc_id, revision)
    }

    /// Saves a revision on top of `base` (the latest head when `None`).
    pub fn edit_doc(
        &mut self,
        doc_id: &str,
        title: Option<&str>,
        body: &str,
        summary: Option<&str>,
        base: Option<&str>,
    ) -> Result<Posted> {
        content::edit_doc(&mut self.cx, doc_id, title, body, summary, base)
    }

    /// Joins every head of a doc into one revision.
    pub fn merge_doc(
        &mut self,
        doc_id: &str,
        title: Option<&str>,
        body: &str,
        summary: Option<&str>,
    ) -> Result<Posted> {
        content::merge_doc(&mut self.cx, doc_id, title, body, summary)
    }

    /// The heads of a doc with their bodies, newest first (the side-by-side merge view).
    pub fn doc_heads(&self, doc_id: &str) -> Result<Vec<DocHead>> {
        content::doc_heads(&self.cx, doc_id)
    }

    pub fn restore_doc(&mut self, doc_id: &str, revision: &str) -> Result<Posted> {
        content::restore_doc(&mut self.cx, doc_id, revision)
    }

    pub fn doc_diff(&self, doc_id: &str, from: Option<&str>, to: Option<&str>) -> Result<DocDiff> {
        content::doc_diff(&self.cx, doc_id, from, to)
    }

    pub fn comment_on_doc(&mut self, doc_id: &str, quote: &str, body: &str) -> Result<Posted> {
        content::add_doc_comment(&mut self.cx, doc_id, quote, body)
    }
}
