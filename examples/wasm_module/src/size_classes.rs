//! The module's global allocator on `wasm32`: power-of-two size classes, one free list
//! per class, blocks carved from pages the module grows its memory by.
//!
//! `std`'s allocator for `wasm32-unknown-unknown` is dlmalloc, about 7 KiB of the module
//! (with its `realloc`); this one is a few hundred bytes. The module's allocations are
//! few and short-lived (the host's input and output buffers, the decoded lists, error
//! texts), so rounding each up to a power of two and keeping freed blocks for reuse
//! costs little memory: a freed block serves the next request of its class, so memory
//! grows only with the peak of what is live at once, never with the number of calls.
//! Memory is never given back, as wasm memory cannot shrink.
//!
//! `wasm32` modules run on one thread, so the state needs no lock.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;

/// The size of a wasm page, the unit of `memory.grow`.
const PAGE: usize = 65_536;

/// The smallest block: room for the free-list link a freed block holds.
const MIN_BLOCK: usize = 16;

/// Blocks of `2^k` bytes for `k < CLASSES` (the whole 32-bit address space).
const CLASSES: usize = usize::BITS as usize;

/// Power-of-two size classes over `memory.grow` (see the module docs).
pub struct SizeClasses {
    state: UnsafeCell<State>,
}

struct State {
    /// The next byte never handed out, and the end of the memory this allocator grew.
    next: usize,
    end: usize,
    /// Per class, the address of the first free block (0: none); each free block
    /// holds the address of the next.
    free: [usize; CLASSES],
}

// SAFETY: `wasm32` modules are single-threaded: the state is never shared between
// threads.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator that has handed out nothing yet.
    pub const fn new() -> Self {
        Self {
            state: UnsafeCell::new(State {
                next: 0,
                end: 0,
                free: [0; CLASSES],
            }),
        }
    }
}

/// The class of `layout`: `k` for blocks of `2^k` bytes, covering its size and its
/// alignment.
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(MIN_BLOCK);
    Some(size.checked_next_power_of_two()?.trailing_zeros() as usize)
}

impl State {
    /// A fresh block of `size` bytes aligned to `align`, from the end of what was handed
    /// out, growing memory when it does not fit. 0 when memory cannot grow.
    ///
    /// Every block starts at a multiple of 16: carving starts at a page boundary, and
    /// sizes and alignments are powers of two with sizes of at least 16.
    fn carve(&mut self, size: usize, align: usize) -> usize {
        let pages_now = core::arch::wasm32::memory_size(0);
        if self.end != pages_now * PAGE {
            // First use (or memory grown by someone else): start at the current end.
            self.next = pages_now * PAGE;
            self.end = self.next;
        }
        let Some(start) = self.next.checked_next_multiple_of(align) else {
            return 0;
        };
        let Some(stop) = start.checked_add(size) else {
            return 0;
        };
        if stop > self.end {
            let pages = (stop - self.end).div_ceil(PAGE);
            if core::arch::wasm32::memory_grow(0, pages) == usize::MAX {
                return 0;
            }
            self.end += pages * PAGE;
        }
        self.next = stop;
        start
    }
}

// SAFETY: every block handed out is `2^class` bytes, at least the layout's size,
// aligned to the layout's alignment (checked when a free block is reused; carved
// blocks are aligned explicitly), inside memory this allocator grew, and handed out
// once until it is freed. `realloc` keeps a block whose class still fits.
unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return core::ptr::null_mut();
        };
        // SAFETY: single-threaded (see `Sync`), and no other reference to the state
        // lives across this call.
        let state = unsafe { &mut *self.state.get() };
        let Some(&head) = state.free.get(class) else {
            return core::ptr::null_mut();
        };
        if head != 0 && head % layout.align() == 0 {
            // SAFETY: `head` is a freed block of this class: its first word holds the
            // next free block (written by `dealloc`), and every block starts at a
            // multiple of 16 (see `carve`).
            let next = unsafe { (head as *const usize).read() };
            if let Some(slot) = state.free.get_mut(class) {
                *slot = next;
            }
            return head as *mut u8;
        }
        state.carve(1 << class, layout.align()) as *mut u8
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            return;
        };
        // SAFETY: as in `alloc`.
        let state = unsafe { &mut *self.state.get() };
        if let Some(slot) = state.free.get_mut(class) {
            // SAFETY: `ptr` is a block of this class that the caller gives back: at
            // least 16 bytes, ours to write, starting at a multiple of 16 (see `carve`).
            unsafe { (ptr as *mut usize).write(*slot) };
            *slot = ptr as usize;
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A block keeps its class's whole size: growing within it moves nothing.
        if let (Some(old), Ok(new_layout)) = (
            class_of(layout),
            Layout::from_size_align(new_size, layout.align()),
        ) {
            if class_of(new_layout) == Some(old) {
                return ptr;
            }
            // SAFETY: the new layout is valid (checked above); the old block is the
            // caller's, of `layout`.
            unsafe {
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                return new;
            }
        }
        core::ptr::null_mut()
    }
}
