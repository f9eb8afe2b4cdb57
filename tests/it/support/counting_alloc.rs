//! The global allocator of the test binary: it counts allocations and reallocations
//! made on the current thread while a measurement runs (other test threads are not
//! counted), for the tests that prove "no allocation" (`no_alloc`), and the most bytes
//! held at once, for the memory bound of `decode::limits`. The `unsafe` here is the one
//! `GlobalAlloc` requires.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    /// Bytes allocated and not freed since the measurement began, and their most.
    static HELD: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        bump(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        hold(-(layout.size() as isize));
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as the old and the new block held at once, as a moving realloc does.
        bump(new_size as isize);
        hold(-(layout.size() as isize));
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn bump(bytes: isize) {
    // `try_with`: the allocator may run while thread-locals are being torn down.
    let _ = COUNTING.try_with(|c| {
        if c.get() {
            let _ = ALLOCATIONS.try_with(|a| a.set(a.get() + 1));
        }
    });
    hold(bytes);
}

/// Adds `bytes` (negative: freed) to what this thread holds, and keeps the peak.
fn hold(bytes: isize) {
    let _ = HELD.try_with(|held| {
        held.set(held.get() + bytes);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(held.get())));
    });
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns its result with the number of allocations and reallocations it
/// made on this thread.
pub fn count<R>(f: impl FnOnce() -> R) -> (R, usize) {
    ALLOCATIONS.with(|a| a.set(0));
    COUNTING.with(|c| c.set(true));
    let r = f();
    COUNTING.with(|c| c.set(false));
    (r, ALLOCATIONS.with(Cell::get))
}

/// Runs `f` and returns its result with the most heap bytes it held at once on this
/// thread (a moving `realloc` holds the old and the new block).
pub fn peak_bytes<R>(f: impl FnOnce() -> R) -> (R, usize) {
    HELD.with(|h| h.set(0));
    PEAK.with(|p| p.set(0));
    let r = f();
    (r, usize::try_from(PEAK.with(Cell::get)).unwrap_or(0))
}
