"""When Python's cycle collector runs during a build: seldom, and never over what is there to stay.

A build makes objects by the million and frees few of them: imported modules, the last build's
manifest (two containers per capture), words and postings. Python's collector passes over its
young objects every 700 allocations and over all of them now and then, and in a build those
passes found next to nothing while they took time on the path every other step waits for: in a
1% update at 20k, 94 ms of its process's CPU (three full passes over the manifest's 40,000
containers, and passes during the imports), and the extraction process's imports took more.
Garbage that is cyclic (parsed pages) is still collected, a little later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# Allocations between passes over the youngest objects (Python's default: 700). In a full build's
# worker, 5,000 took its collections on 20k captures from 0.37 to 0.12 s, with no full pass.
YOUNG = 5000


def settle() -> None:
    """From now on, leave what is alive out of every pass (gc.freeze), and pass over the young
    objects every YOUNG allocations. For a process that ends with the build (a worker)."""
    gc.freeze()
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


@contextmanager
def for_build() -> Iterator[None]:
    """settle() for the time of a build, in a process that goes on after it (a test, a benchmark):
    the collector's settings and the objects it was kept from are given back at the end."""
    threshold = gc.get_threshold()
    settle()
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


@contextmanager
def paused() -> Iterator[None]:
    """No pass while what is made stays (modules imported, a saved table loaded); settled after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.freeze()
