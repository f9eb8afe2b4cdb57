//! [`Pager`]: a filtered listing of snapshot jobs, page after page by `NextPageToken`.

use alloc::collections::BTreeSet;
use alloc::string::String;

use super::backoff::Delays;
use super::{Backoff, Next, StopReason};
use crate::Timestamp;
use crate::query_snapshot_job_list::Response;
use crate::query_snapshot_job_list::{
    MAX_PAGE_SIZE, QuerySnapshotJobList, RequestError, SnapshotJob, StateFilter,
};

/// The filters of a listing: `State`, `StartOfJobCreatedTimeRange`,
/// `EndOfJobCreatedTimeRange`, `PipelineId` and `MaximumPageSize`, owned.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    state: Option<StateFilter>,
    created_from: Option<Timestamp>,
    created_to: Option<Timestamp>,
    pipeline_id: Option<String>,
    page_size: Option<u16>,
}

impl ListFilter {
    /// No filter: every job, at the server's default page size (30).
    pub const fn new() -> Self {
        Self {
            state: None,
            created_from: None,
            created_to: None,
            pipeline_id: None,
            page_size: None,
        }
    }

    /// `State`: only jobs in this state.
    #[must_use]
    pub const fn state(mut self, state: StateFilter) -> Self {
        self.state = Some(state);
        self
    }

    /// `StartOfJobCreatedTimeRange` and `EndOfJobCreatedTimeRange`: jobs created in
    /// `from..=to` (UTC).
    #[must_use]
    pub const fn created_between(mut self, from: Timestamp, to: Timestamp) -> Self {
        self.created_from = Some(from);
        self.created_to = Some(to);
        self
    }

    /// `PipelineId`: only jobs of this MPS queue.
    ///
    /// # Errors
    /// [`RequestError::EmptyValue`] for an empty id.
    pub fn pipeline_id(mut self, pipeline_id: impl Into<String>) -> Result<Self, RequestError> {
        let pipeline_id = pipeline_id.into();
        if pipeline_id.is_empty() {
            return Err(RequestError::EmptyValue {
                parameter: "PipelineId",
            });
        }
        self.pipeline_id = Some(pipeline_id);
        Ok(self)
    }

    /// `MaximumPageSize`: 1 to [`MAX_PAGE_SIZE`] jobs per page.
    ///
    /// # Errors
    /// [`RequestError::PageSizeOutOfRange`].
    pub fn page_size(mut self, size: u16) -> Result<Self, RequestError> {
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(RequestError::PageSizeOutOfRange { value: size });
        }
        self.page_size = Some(size);
        Ok(self)
    }

    fn apply<'a>(
        &'a self,
        mut request: QuerySnapshotJobList<'a>,
    ) -> Result<QuerySnapshotJobList<'a>, RequestError> {
        if let Some(state) = self.state {
            request = request.state(state);
        }
        if let Some(from) = self.created_from {
            request = request.start_of_job_created_time_range(from);
        }
        if let Some(to) = self.created_to {
            request = request.end_of_job_created_time_range(to);
        }
        if let Some(pipeline_id) = &self.pipeline_id {
            request = request.pipeline_id(pipeline_id)?;
        }
        if let Some(size) = self.page_size {
            request = request.maximum_page_size(size)?;
        }
        Ok(request)
    }
}

/// One page, as [`Pager::consume`] read it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageUpdate<'r, 'a> {
    /// The jobs of this page (empty after an API error), borrowed from the response.
    pub jobs: &'r [SnapshotJob<'a>],
    /// When to ask for the next page; [`Next::Done`] after the last one.
    pub next: Next,
}

/// A sans-IO walk through a filtered listing: it gives the request for each page,
/// reads the decoded page, and follows `NextPageToken` until the service sends none.
///
/// Like [`JobTracker`](super::JobTracker) it owns no clock and no socket: sign each
/// request with the current time and a fresh nonce, decode the body with
/// [`decode_response`](crate::decode_response), hand it to [`consume`](Self::consume)
/// (or call [`failed`](Self::failed)), and wait as [`PageUpdate::next`] says. Retryable
/// API errors and failures ask for the same page again after the [`Backoff`] failure
/// delay.
///
/// A service that sends a token it sent before would keep the walk going forever: the
/// pager remembers every token and ends with [`StopReason::RepeatedPageToken`] instead.
/// [`max_pages`](Self::max_pages) bounds a walk through fresh tokens too. An empty
/// `NextPageToken` is taken as none (the last page).
///
/// ```
/// use mts_codec::{decode_response, Format};
/// use mts_codec::query_snapshot_job_list::{QuerySnapshotJobList, StateFilter};
/// use mts_codec::workflow::{Backoff, ListFilter, Next, Pager};
///
/// let filter = ListFilter::new().state(StateFilter::Fail).page_size(100)?;
/// let mut pager = Pager::new(filter, Backoff::new());
/// {
///     // The request borrows the pager's token: keep it in a scope that ends before
///     // `consume`.
///     let request = pager.next_request(QuerySnapshotJobList::new())?.unwrap();
///     # let _ = &request;
///     // ... sign, send, receive:
/// }
/// let body = br#"{"RequestId":"r","NextPageToken":"0123456789abcdef0123456789abcdef",
///   "SnapshotJobList":{"SnapshotJob":[{"Id":"a","State":"Fail"}]}}"#;
/// let response = decode_response(200, Format::Json, body)?;
/// let page = pager.consume(&response);
/// assert_eq!(page.jobs.len(), 1);
/// assert!(matches!(page.next, Next::After(_)));
/// assert_eq!(pager.token(), Some("0123456789abcdef0123456789abcdef"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pager {
    filter: ListFilter,
    backoff: Backoff,
    delays: Delays,
    token: Option<String>,
    seen_tokens: BTreeSet<String>,
    pages: u32,
    max_pages: Option<u32>,
    done: bool,
}

impl Pager {
    /// A walk through the jobs `filter` selects, waiting by `backoff`.
    pub const fn new(filter: ListFilter, backoff: Backoff) -> Self {
        Self {
            filter,
            backoff,
            delays: Delays::new(),
            token: None,
            seen_tokens: BTreeSet::new(),
            pages: 0,
            max_pages: None,
            done: false,
        }
    }

    /// Stop with [`StopReason::TooManyPages`] once `pages` pages were read and the
    /// service still offers more.
    #[must_use]
    pub const fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// The request for the next page: `template` (its `Format`, `RegionId`, method and
    /// extras) with the filters and, after the first page, `NextPageToken`. `None` once
    /// the walk is over. It borrows the pager; drop it before [`consume`](Self::consume).
    ///
    /// # Errors
    /// None in practice: the filters were checked when set.
    pub fn next_request<'a>(
        &'a self,
        template: QuerySnapshotJobList<'a>,
    ) -> Result<Option<QuerySnapshotJobList<'a>>, RequestError> {
        if self.done {
            return Ok(None);
        }
        let request = self.filter.apply(template)?;
        match &self.token {
            Some(token) => request.next_page_token(token).map(Some),
            None => Ok(Some(request)),
        }
    }

    /// The token the next request carries (`None` before the second page).
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// Pages read so far.
    pub fn pages(&self) -> u32 {
        self.pages
    }

    /// Whether the walk is over (last page read, or a repeated token).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Reads the decoded response to the last request.
    pub fn consume<'r, 'a>(&mut self, response: &'r Response<'a>) -> PageUpdate<'r, 'a> {
        let body = match response {
            Response::Success(body) => body,
            Response::ApiError(error) => {
                let next = self.delays.next_after_error(&self.backoff, error);
                return PageUpdate { jobs: &[], next };
            }
        };
        self.delays.success();
        self.pages = self.pages.saturating_add(1);
        let token = body
            .next_page_token
            .map(|t| t.to_cow().into_owned())
            .filter(|t| !t.is_empty());
        let next = match token {
            None => {
                self.done = true;
                self.token = None;
                Next::Done
            }
            Some(token) if self.seen_tokens.contains(&token) => {
                self.done = true;
                Next::Stop(StopReason::RepeatedPageToken { page: self.pages })
            }
            Some(_) if self.max_pages.is_some_and(|max| self.pages >= max) => {
                Next::Stop(StopReason::TooManyPages { pages: self.pages })
            }
            Some(token) => {
                self.seen_tokens.insert(token.clone());
                self.token = Some(token);
                Next::After(self.backoff.spacing_delay())
            }
        };
        PageUpdate {
            jobs: body.jobs(),
            next,
        }
    }

    /// The last request got no usable answer: the same page is asked again after the
    /// failure delay.
    pub fn failed(&mut self) -> Next {
        self.delays.next_after_failure(&self.backoff, false)
    }
}
