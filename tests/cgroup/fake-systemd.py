#!/usr/bin/python3
# fake-systemd.py - a stand-in for systemd's manager on a private D-Bus bus,
# enough for bwrap's scope requests: it owns org.freedesktop.systemd1,
# answers StartTransientUnit with a job and then signals JobRemoved, and logs
# each request (the unit name, mode and properties, one per line) to LOG.
#
# usage: fake-systemd.py LOG [fail|failed-job] [CGROUP_DIR]
#   fail        StartTransientUnit returns a D-Bus error, as systemd does
#               for a property it refuses;
#   failed-job  the job ends with the result "failed";
#   stall       the job never ends (JobRemoved is never sent);
#   CGROUP_DIR  a delegated cgroup v2 directory: the unit is made there as
#               systemd would (the pid moved in, the limits written).
# It prints "ready" on stdout once the name is owned.
import os
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

LOG = sys.argv[1]
MODE = sys.argv[2] if len(sys.argv) > 2 else "ok"
CGROUP = sys.argv[3] if len(sys.argv) > 3 else None
PATH = "/org/freedesktop/systemd1"
IFACE = "org.freedesktop.systemd1.Manager"


def value(v):
    if isinstance(v, dbus.Array):
        return "[" + ",".join(str(int(x)) for x in v) + "]"
    if isinstance(v, dbus.Boolean):
        return "true" if v else "false"
    return str(v)


def make_cgroup(unit, props):
    d = os.path.join(CGROUP, unit)
    os.mkdir(d)
    files = {"MemoryMax": "memory.max", "TasksMax": "pids.max"}
    for name, f in files.items():
        if name in props:
            v = int(props[name])
            with open(os.path.join(d, f), "w") as fh:
                fh.write("max" if v == 2**64 - 1 else str(v))
    for pid in props.get("PIDs", []):
        with open(os.path.join(d, "cgroup.procs"), "w") as fh:
            fh.write(str(int(pid)))


class Manager(dbus.service.Object):
    jobs = 0

    @dbus.service.method(IFACE, in_signature="ssa(sv)a(sa(sv))", out_signature="o")
    def StartTransientUnit(self, name, mode, props, aux):
        props = {str(k): v for k, v in props}
        with open(LOG, "a") as log:
            log.write("unit %s %s\n" % (name, mode))
            for k in sorted(props):
                log.write("%s=%s\n" % (k, value(props[k])))
            log.write("aux %d\n" % len(aux))
        if MODE == "fail":
            raise dbus.exceptions.DBusException(
                "Unknown assignment: MemoryMax", name="org.freedesktop.DBus.Error.InvalidArgs")
        if CGROUP:
            make_cgroup(str(name), props)
        Manager.jobs += 1
        job = "%s/job/%d" % (PATH, Manager.jobs)
        result = "failed" if MODE == "failed-job" else "done"
        if MODE != "stall":
            GLib.idle_add(lambda: self.JobRemoved(Manager.jobs, job, name, result) and False)
        return dbus.ObjectPath(job)

    @dbus.service.signal(IFACE, signature="uoss")
    def JobRemoved(self, id, job, unit, result):
        pass


DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
name = dbus.service.BusName("org.freedesktop.systemd1", bus)
Manager(bus, PATH)
print("ready", flush=True)
GLib.MainLoop().run()
