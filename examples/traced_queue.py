#!/usr/bin/env python3
"""traced_queue.py — a Python program drawn by conveyor through ctypes.

Two threads hand items over a queue.Queue of four slots; then two processes
started with os.fork() hand items over a pipe. Every thread and process
registers its own lane, so conveyor shows four lanes: what the GIL does to
threads next to processes that run in parallel.

    python3 traced_queue.py queue.cvtrace && conveyor view queue.cvtrace

The library is found as libconveyor-tracer.so.0 (installed) or at the path
in CONVEYOR_TRACER_LIB.
"""
import ctypes
import os
import queue
import struct
import sys
import threading
import time

WORK, READY, IO, WAIT_SLOT, WAIT_ITEM, WAIT_LOCK, DONE = 1, 2, 3, 4, 5, 6, 8
PRODUCER, CONSUMER = 0, 1
ITEMS = 300
SLOTS = 4


class Error(ctypes.Structure):  # cv_error, conveyor/status.h
    _fields_ = [("file", ctypes.c_char * 512), ("line", ctypes.c_int),
                ("message", ctypes.c_char * 512)]


class Options(ctypes.Structure):  # cv_tracer_options, conveyor/tracer.h
    _fields_ = [("name", ctypes.c_char_p), ("max_lanes", ctypes.c_uint32),
                ("buffer_slots", ctypes.c_uint32), ("ring_events", ctypes.c_uint32)]


lib = ctypes.CDLL(os.environ.get("CONVEYOR_TRACER_LIB", "libconveyor-tracer.so.0"))
lib.cv_tracer_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(Options),
                               ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(Error)]
lib.cv_tracer_lane_register.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                        ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(Error)]
lib.cv_tracer_state_set.argtypes = [ctypes.c_void_p, ctypes.c_int]
lib.cv_tracer_put.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32]
lib.cv_tracer_get.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint32]
lib.cv_tracer_close.argtypes = [ctypes.c_void_p, ctypes.POINTER(Error)]


def check(status, error):
    if status != 0:
        sys.exit(f"traced_queue: {error.message.decode()}")


def lane(tracer, name, role):
    handle, error = ctypes.c_void_p(), Error()
    check(lib.cv_tracer_lane_register(tracer, name.encode(), role, ctypes.byref(handle),
                                      ctypes.byref(error)), error)
    return handle


def spin(seconds):  # CPU work, holding the GIL
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


class TracedQueue(queue.Queue):
    """A queue.Queue that records each put and get where it happens.

    Queue calls _put and _get with its lock held, so they are recorded in
    the queue's own order with the exact fill; recorded after put() or get()
    returned, a get could carry an earlier time than its put.
    """
    lanes = threading.local()  # the calling thread's lane

    def _put(self, item):
        super()._put(item)
        lib.cv_tracer_put(self.lanes.me, item, len(self.queue))

    def _get(self):
        item = super()._get()
        lib.cv_tracer_get(self.lanes.me, item, len(self.queue))
        return item


def thread_producer(tracer, q):
    me = q.lanes.me = lane(tracer, "thread P0", PRODUCER)
    for item in range(1, ITEMS + 1):
        spin(0.0002)
        try:
            q.put_nowait(item)
        except queue.Full:  # it would block: draw the wait
            lib.cv_tracer_state_set(me, WAIT_SLOT)
            q.put(item)
            lib.cv_tracer_state_set(me, WORK)
    lib.cv_tracer_state_set(me, DONE)


def thread_consumer(tracer, q):
    me = q.lanes.me = lane(tracer, "thread C0", CONSUMER)
    for _ in range(ITEMS):
        try:
            q.get_nowait()
        except queue.Empty:
            lib.cv_tracer_state_set(me, WAIT_ITEM)
            q.get()
            lib.cv_tracer_state_set(me, WORK)
        spin(0.0003)
    lib.cv_tracer_state_set(me, DONE)


def process_producer(tracer, write_end):
    me = lane(tracer, "process P1", PRODUCER)
    for item in range(ITEMS + 1, 2 * ITEMS + 1):
        spin(0.0002)
        # Recorded just before the write, so the reader cannot record its get
        # earlier; 4-byte writes never block on a 64 KiB pipe. A pipe does not
        # say how full it is: fill 0.
        lib.cv_tracer_put(me, item, 0)
        os.write(write_end, struct.pack("I", item))
    lib.cv_tracer_state_set(me, DONE)


def process_consumer(tracer, read_end):
    me = lane(tracer, "process C1", CONSUMER)
    for _ in range(ITEMS):
        lib.cv_tracer_state_set(me, WAIT_ITEM)
        (item,) = struct.unpack("I", os.read(read_end, 4))
        lib.cv_tracer_state_set(me, WORK)
        lib.cv_tracer_get(me, item, 0)
        spin(0.0003)
    lib.cv_tracer_state_set(me, DONE)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "traced_queue.cvtrace"
    tracer, error = ctypes.c_void_p(), Error()
    options = Options(buffer_slots=SLOTS)  # zero fields are the defaults
    check(lib.cv_tracer_open(path.encode(), ctypes.byref(options), ctypes.byref(tracer),
                             ctypes.byref(error)), error)
    q = TracedQueue(maxsize=SLOTS)
    threads = [threading.Thread(target=thread_producer, args=(tracer, q)),
               threading.Thread(target=thread_consumer, args=(tracer, q))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    read_end, write_end = os.pipe()
    children = []
    for body, end in ((process_producer, write_end), (process_consumer, read_end)):
        pid = os.fork()
        if pid == 0:
            body(tracer, end)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)
    check(lib.cv_tracer_close(tracer, ctypes.byref(error)), error)
    print(f"trace written to {path}")


if __name__ == "__main__":
    main()
