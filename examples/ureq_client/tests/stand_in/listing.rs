//! The stand-in's job states and its listing (`mod.rs`): which state a scripted
//! job is in, and one page of a `QuerySnapshotJobList` listing by `NextPageToken`.

use std::collections::BTreeMap;

use super::bodies::{CREATION_TIME, PIPELINE_ID};
use super::{ScriptedJob, State};

/// The state `job` is in now: by the clock with [`Script::seconds_per_state`], else by
/// how often it was polled.
pub fn state_of(st: &State, job: &ScriptedJob) -> &'static str {
    let step = match st.script.seconds_per_state {
        Some(every) if every > 0 => {
            let elapsed = st.now().unix_seconds() - st.started;
            usize::try_from(elapsed.max(0).unsigned_abs() / every).unwrap_or(usize::MAX)
        }
        _ => *st.polls.get(&job.id).unwrap_or(&0),
    };
    job.states
        .get(step)
        .or(job.states.last())
        .copied()
        .unwrap_or("Submitted")
}

/// The jobs of a page with their states, and the token of the next page.
pub type Page = (Vec<(ScriptedJob, &'static str)>, Option<String>);

/// One page of a listing (no `SnapshotJobIds`): the jobs matching `State`,
/// `PipelineId` and the creation time range, in script order, `MaximumPageSize`
/// (default 30, at most 300) at a time from the offset `NextPageToken` carries (32 hex
/// digits, as the service's tokens look). Listing does not move poll-driven jobs.
/// `Err` names the invalid parameter.
pub fn list_page(st: &mut State, params: &BTreeMap<String, String>) -> Result<Page, &'static str> {
    let size = match params.get("MaximumPageSize") {
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=300).contains(n))
            .ok_or("MaximumPageSize")?,
        None => 30,
    };
    let offset = match params.get("NextPageToken") {
        Some(t) if t.len() == 32 => usize::from_str_radix(t, 16).map_err(|_| "NextPageToken")?,
        Some(_) => return Err("NextPageToken"),
        None => 0,
    };
    let get = |name: &str| params.get(name).map(String::as_str);
    let in_range = get("StartOfJobCreatedTimeRange").is_none_or(|from| CREATION_TIME >= from)
        && get("EndOfJobCreatedTimeRange").is_none_or(|to| CREATION_TIME <= to)
        && get("PipelineId").is_none_or(|p| p == PIPELINE_ID);
    let matching: Vec<(ScriptedJob, &'static str)> = st
        .script
        .jobs
        .iter()
        .filter(|_| in_range)
        .map(|job| (job.clone(), state_of(st, job)))
        .filter(|(_, state)| get("State").is_none_or(|wanted| wanted == *state))
        .collect();
    let page: Vec<_> = matching.iter().skip(offset).take(size).cloned().collect();
    let next = offset + page.len();
    st.log.pages += 1;
    let token = (next < matching.len()).then(|| format!("{next:032x}"));
    Ok((page, token))
}
