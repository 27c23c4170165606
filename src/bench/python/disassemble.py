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
another. With --loops, a summary of each loop that does vector FMAs instead of the listing (a loop: the code from a
backward jump's target to the jump): per pass through it, the FMAs, the vector loads and broadcasts, the bounds
checks (an unsigned compare's branch out of the loop, to C2's trap), the stack accesses and the moves between general
and vector registers. On Intel's cores everything but the loads competes with the FMAs for the front end and ports 0
and 5: the row tile went from 138-151 to 155-185 GFLOP/s when its checks went from six to two a step (2026-12-07).

What to look for in a kernel's loop (src/bench/SPEED-LOG.md, 2026-12-06 evening): moves from vector to general
registers (vmovd/vmovq %xmm.., %r..: values C2 parked in vector registers for want of general ones), range checks
(cmp/jae before the loads), counters and branches; on Intel's cores they share ports 0 and 5 with the FMAs.
"""
import argparse
import json
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


INSTRUCTION = re.compile(r'^\s*([0-9a-f]+):\t(?:[0-9a-f]{2} )+\s*\t(\S+)\s*(.*)$')
CHECK_BRANCHES = ('jae', 'jb', 'jbe', 'ja')
VECTOR_LOAD = re.compile(r'^-?(0x[0-9a-f]+)?\([^)]*\),%[xyz]mm')


def instructions(listing):
    """(address, mnemonic, operands) of each instruction in objdump's listing."""
    found = []
    for line in listing.split('\n'):
        m = INSTRUCTION.match(line)
        if m:
            found.append((int(m.group(1), 16), m.group(2), m.group(3)))
    return found


def loops(code, start):
    """Summaries of the method's loops with vector FMAs (code from `start` on): counts for a pass through one,
    innermost first."""
    found = []
    for i, (address, mnemonic, operands) in enumerate(code):
        if not mnemonic.startswith('j') or not operands.startswith('0x'):
            continue
        target = int(operands.split()[0], 16)
        if target >= address or target < start:  # forward, or out of the method (a stub)
            continue
        body = [ins for ins in code[:i + 1] if target <= ins[0] <= address]
        counts = {'from': hex(target), 'to': hex(address), 'instructions': len(body), 'fmas': 0, 'vectorLoads': 0,
                  'boundsChecks': 0, 'stackAccesses': 0, 'gprVectorMoves': 0}
        for _, m, ops in body:
            if m.startswith('vfmadd') or m.startswith('vfnmadd'):
                counts['fmas'] += 1
            if m.startswith('vbroadcast') or m.startswith('vmov') and VECTOR_LOAD.match(ops):
                counts['vectorLoads'] += 1
            if m in CHECK_BRANCHES and ops.startswith('0x') and not target <= int(ops.split()[0], 16) <= address:
                counts['boundsChecks'] += 1
            if '(%rsp)' in ops or '(%rsp,' in ops:
                counts['stackAccesses'] += 1
            if m in ('vmovd', 'vmovq') and '%xmm' in ops and re.search(r'%[re][a-z0-9]+', ops.replace('%xmm', '')):
                counts['gprVectorMoves'] += 1
        if counts['fmas']:
            found.append(counts)
    return sorted(found, key=lambda c: c['instructions'])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('printed', help='the output of a java run with -XX:CompileCommand=print,...')
    parser.add_argument('method', help='Class::method as HotSpot prints it, e.g. MicroKernel::multiply8Padded')
    parser.add_argument('--osr', action='store_true', help='an on-stack-replacement compilation instead')
    parser.add_argument('--index', type=int, default=-1, help='which compilation (default -1: the last)')
    parser.add_argument('--loops', action='store_true', help='a summary of the loops with vector FMAs, as JSON lines')
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
        command = ['objdump', '-D', '-b', 'binary', '-mi386:x86-64', f'--adjust-vma={base}', binary.name]
        if args.loops:
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(f"objdump failed ({done.returncode}): {done.stderr.strip()}")
            for summary in loops(instructions(done.stdout), base):
                print(json.dumps(summary))
            return
        done = subprocess.run(command)
        if done.returncode not in (0, -13):  # -13: a pipe closed early (| head)
            sys.exit(f"objdump failed ({done.returncode})")


if __name__ == '__main__':
    main()
