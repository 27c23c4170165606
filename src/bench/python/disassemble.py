#!/usr/bin/python3
"""Disassembles a method as C2 compiled it, without hsdis: what a kernel's loop really does.

HotSpot prints a compiled method's machine code as hex when asked to print it and no disassembler library is
installed (the Debian hsdis prints nothing on the project's machines). This script cuts the hex of one C2 nmethod out
of that output and hands it to objdump (binutils):

  java --add-modules jdk.incubator.vector -XX:PerMethodTrapLimit=10000 -XX:+UnlockDiagnosticVMOptions \\
       -XX:CompileCommand=print,resnetlab.kernel.simd.MicroKernel::multiply8Padded \\
       -jar target/resnet-lab.jar bench --classroom --threads 1 --skip-gemm --skip-conv --no-profile --steps 3 \\
       > /tmp/print.txt 2>&1
  /usr/bin/python3 src/bench/python/disassemble.py /tmp/print.txt MicroKernel::multiply8Padded > /tmp/kernel.s

By default the last C2 compilation of the method (not an on-stack-replacement one, "%", unless --osr); --index picks
another. What to look for in a kernel's loop (src/bench/SPEED-LOG.md, 2026-12-06 evening): moves from vector to
general registers (vmovd/vmovq %xmm.., %r..: values C2 parked in vector registers for want of general ones), range
checks (cmp/jae before the loads), counters and branches; on Intel's cores they share ports 0 and 5 with the FMAs.
"""
import argparse
import re
import subprocess
import sys
import tempfile

HEX_LINE = re.compile(r'\s+0x([0-9a-f]+): ([0-9a-f |]+)$')


def nmethods(lines, method, osr):
    """Start indices of the C2 nmethods of `method` in the printed output."""
    found = []
    for i, line in enumerate(lines):
        if 'Compiled method (c2)' in line and method in line and (' % ' in line) == osr:
            found.append(i)
    return found


def machine_code(lines, start):
    """(address of the first byte, the bytes) of the [MachCode] section after line `start`."""
    code, base, inside = bytearray(), None, False
    for line in lines[start:]:
        if line.startswith('[MachCode]'):
            inside = True
            continue
        if inside and line.startswith('[/MachCode]'):
            break
        m = HEX_LINE.match(line)
        if inside and m:
            if base is None:
                base = int(m.group(1), 16)
            code += bytes.fromhex(m.group(2).replace('|', '').replace(' ', ''))
    return base, bytes(code)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('printed', help='the output of a java run with -XX:CompileCommand=print,...')
    parser.add_argument('method', help='Class::method as HotSpot prints it, e.g. MicroKernel::multiply8Padded')
    parser.add_argument('--osr', action='store_true', help='an on-stack-replacement compilation instead')
    parser.add_argument('--index', type=int, default=-1, help='which compilation (default -1: the last)')
    args = parser.parse_args()
    with open(args.printed, errors='replace') as f:
        lines = f.read().split('\n')
    starts = nmethods(lines, args.method, args.osr)
    if not starts:
        sys.exit(f"{args.printed}: no C2 compilation of {args.method} (is it the name HotSpot prints, and did the run "
                 f"last long enough for C2?)")
    base, code = machine_code(lines, starts[args.index])
    if not code:
        sys.exit(f"{args.printed}: the compilation of {args.method} has no hex machine code (with hsdis installed "
                 f"HotSpot prints instructions instead)")
    with tempfile.NamedTemporaryFile(suffix='.bin') as binary:
        binary.write(code)
        binary.flush()
        print(f"# {args.method}: {len(code)} bytes at {base:#x}, C2 compilation {args.index % len(starts) + 1} of "
              f"{len(starts)}", flush=True)
        done = subprocess.run(['objdump', '-D', '-b', 'binary', '-mi386:x86-64', f'--adjust-vma={base}', binary.name])
        if done.returncode not in (0, -13):  # -13: a pipe closed early (| head)
            sys.exit(f"objdump failed ({done.returncode})")


if __name__ == '__main__':
    main()
