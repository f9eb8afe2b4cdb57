//! The paged listing and the job tracker, alone and against a scripted MTS stand-in.

mod backoff;
mod next;
mod pager_sim;
mod sim;
mod tracker;
mod tracker_sim;
