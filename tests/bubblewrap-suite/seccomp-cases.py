#!/usr/bin/python3
# Runs bubblewrap's tests/test-seccomp.py (path given as the only argument)
# one case at a time and prints TAP.  Its test methods loop over the global
# list TRY_SYSCALLS and stop at the first failed assertion, so one
# difference would hide every later syscall.  Here each method that reads
# the list runs once per syscall, with the list narrowed to that one: a
# case is "METHOD [SYSCALL]", or just "METHOD".  The assertions are the
# file's own, untouched.  The result line of a failed case comes after one
# diagnostic line, the last line of its traceback, such as
# "# AssertionError: 1 != 9".

import importlib.util
import sys
import traceback
import unittest


def load(path):
    spec = importlib.util.spec_from_file_location('bubblewrap_seccomp', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def reads_syscall_list(cls, name, seen=()):
    """Whether method NAME, or a test method it calls, reads TRY_SYSCALLS."""
    code = getattr(cls, name).__code__
    if 'TRY_SYSCALLS' in code.co_names:
        return True
    return any(reads_syscall_list(cls, n, seen + (name,))
               for n in code.co_names
               if n.startswith('test') and n not in seen
               and callable(getattr(cls, n, None)))


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else 'failed'


def main():
    if len(sys.argv) != 2:
        print('usage: seccomp-cases.py .../tests/test-seccomp.py', file=sys.stderr)
        return 2
    module = load(sys.argv[1])
    every_syscall = list(module.TRY_SYSCALLS)
    names = unittest.TestLoader().getTestCaseNames(module.Test)
    count = 0
    failed = False
    for name in names:
        variants = every_syscall if reads_syscall_list(module.Test, name) else [None]
        for syscall in variants:
            module.TRY_SYSCALLS = every_syscall if syscall is None else [syscall]
            result = unittest.TestResult()
            module.Test(name).run(result)
            sys.stdout.flush()
            count += 1
            desc = name if syscall is None else '{} [{}]'.format(name, syscall)
            problems = result.failures + result.errors
            if problems:
                failed = True
                for _, trace in problems:
                    print('# ' + last_line(trace))
                print('not ok {} {}'.format(count, desc))
            elif result.skipped:
                print('ok {} {} # SKIP {}'.format(count, desc, result.skipped[0][1]))
            else:
                print('ok {} {}'.format(count, desc))
            sys.stdout.flush()
    print('1..{}'.format(count))
    return 1 if failed else 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(1)
