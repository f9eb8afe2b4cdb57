//! The paged listing and the job tracker, alone and against a scripted MTS stand-in.

mod pager_sim;
mod sim;
mod tracker;
mod tracker_sim;
