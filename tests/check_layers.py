#!/usr/bin/env python3
"""check_layers.py — core/ stays layered (docs/architecture.md, "Layers").

Fails, naming what is wrong, on:
  * an include cycle among core/ modules: x.c and x.h are one module, and a
    public header conveyor/x.h counts as module x;
  * a module that includes one from a layer it may not (the table LAYERS);
  * libinih (PkgConfig::INIH) anywhere in what conveyor-engine links,
    directly or through the libraries it links (read from the file CMake
    generates, core-links.txt).

  check_layers.py --core DIR --links FILE
  check_layers.py --self-test   (the checks catch a planted cycle, a wrong
                                 layer and libinih linked into the engine)
"""
import argparse
import os
import re
import sys
import tempfile

# Folder under core/ -> the layers its modules may include (itself too).
LAYERS = {
    "base": {"base"},
    "trace": {"base", "trace"},
    "scenario": {"base", "scenario"},
    "engine": {"base", "trace", "engine", "scenario-data"},
    "tracefile": {"base", "trace", "tracefile", "scenario-data", "result-data"},
    "tracer": {"base", "trace", "tracefile", "tracer", "scenario-data", "result-data"},
}
# The tracer (libconveyor-tracer) sits beside the engine, on trace and
# tracefile: a program of your own links it without the engine.
# Public headers with no .c of their own belong to the layer named here.
HEADER_ONLY = {"run_result": "engine", "tracefile": "tracefile", "tracer": "tracer", "step": "base"}
# Modules a layer may include as data alone, without the layer they belong
# to. The engine reads a scenario as data (its header, whose inline functions
# it may call) and never links the language. The native trace file stores a
# run's result (a struct) and checks what it reads against the scenario's
# limits, and links neither the engine nor the language.
DATA = {"scenario-data": {"scenario"}, "result-data": {"run_result"}}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def modules(core):
    """Module name -> (layer, [files]); public headers join their module."""
    found = {}
    public = os.path.join(core, "include", "conveyor")
    for layer in LAYERS:
        folder = os.path.join(core, layer)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith((".c", ".h")):
                module = os.path.splitext(name)[0]
                entry = found.setdefault(module, [layer, []])
                if entry[0] != layer:
                    raise SystemExit(f"module {module} is in two layers: {entry[0]} and {layer}")
                entry[1].append(os.path.join(folder, name))
    if os.path.isdir(public):
        for name in sorted(os.listdir(public)):
            if name.endswith(".h"):
                module = os.path.splitext(name)[0]
                layer = found.get(module, [HEADER_ONLY.get(module)])[0]
                if layer is None:
                    raise SystemExit(f"public header conveyor/{name} has no module: add its .c "
                                     f"to a layer or it to HEADER_ONLY in {__file__}")
                found.setdefault(module, [layer, []])[1].append(os.path.join(public, name))
    return found


def edges(found):
    graph = {m: set() for m in found}
    for module, (_, files) in found.items():
        for path in files:
            with open(path, errors="replace") as f:
                for target in INCLUDE.findall(f.read()):
                    other = os.path.splitext(os.path.basename(target))[0]
                    if other in found and other != module:
                        graph[module].add(other)
    return graph


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def layer_violations(found, graph):
    problems = []
    for module, targets in sorted(graph.items()):
        layer = found[module][0]
        for target in sorted(targets):
            target_layer = found[target][0]
            allowed = LAYERS[layer]
            if target_layer in allowed:
                continue
            if any(target in DATA.get(kind, ()) for kind in allowed):
                continue
            problems.append(f"{module} ({layer}) includes {target} ({target_layer}); "
                            f"{layer} may include only {', '.join(sorted(allowed))}")
    return problems


def links_inih(links_file, start="conveyor-engine"):
    """The chain from start to PkgConfig::INIH in the link graph, or None."""
    graph = {}
    with open(links_file) as f:
        for line in f:
            if ":" in line:
                target, libs = line.split(":", 1)
                graph[target.strip()] = [l for l in libs.strip().split(";") if l]
    if start not in graph:
        raise SystemExit(f"{links_file} does not list {start}")
    todo, seen = [[start]], set()
    while todo:
        chain = todo.pop()
        for lib in graph.get(chain[-1], []):
            if "INIH" in lib.upper() or lib in ("inih", "-linih"):
                return chain + [lib]
            if lib not in seen:
                seen.add(lib)
                todo.append(chain + [lib])
    return None


def check(core, links_file):
    found = modules(core)
    graph = edges(found)
    problems = [f"include cycle: {' + '.join(c)}" for c in cycles(graph)]
    problems += layer_violations(found, graph)
    if links_file:
        chain = links_inih(links_file)
        if chain:
            problems.append(f"libinih is linked into the engine: {' -> '.join(chain)}")
    return problems


def self_test():
    """The checks must fail on each kind of mistake, and pass a clean tree."""
    def tree(root, files):
        for path, text in files.items():
            full = os.path.join(root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w") as f:
                f.write(text)

    clean = {
        "base/status.c": "", "include/conveyor/status.h": "",
        "trace/ring.h": '#include "conveyor/status.h"\n', "trace/ring.c": '#include "ring.h"\n',
        "scenario/scenario.c": '#include "conveyor/scenario.h"\n',
        "include/conveyor/scenario.h": '#include "conveyor/status.h"\n',
        "engine/buffer.h": '#include "ring.h"\n#include "conveyor/scenario.h"\n',
        "engine/buffer.c": '#include "buffer.h"\n',
    }
    cases = {
        "clean": ({}, "conveyor-engine: conveyor-trace\nconveyor-trace: Threads::Threads\n", False),
        "cycle": ({"trace/ring.h": '#include "clock.h"\n', "trace/clock.h": '#include "ring.h"\n'},
                  "conveyor-engine: conveyor-trace\n", True),
        "public header cycle": ({"base/status.c": '#include "outcome.h"\n',
                                 "base/outcome.h": '#include "conveyor/status.h"\n'},
                                "conveyor-engine: conveyor-trace\n", True),
        "wrong layer": ({"trace/ring.c": '#include "conveyor/scenario.h"\n'},
                        "conveyor-engine: conveyor-trace\n", True),
        "language in engine": ({"scenario/scenario_load.h": "",
                                "engine/buffer.c": '#include "scenario_load.h"\n'},
                               "conveyor-engine: conveyor-trace\n", True),
        "tracefile reads the result": ({"include/conveyor/run_result.h": "",
                                        "tracefile/tracefile_read.c":
                                            '#include "conveyor/run_result.h"\n'},
                                       "conveyor-engine: conveyor-trace\n", False),
        "tracefile includes the engine": ({"engine/engine.c": "",
                                           "tracefile/tracefile_read.c": '#include "engine.h"\n'},
                                          "conveyor-engine: conveyor-trace\n", True),
        "tracer includes the engine": ({"engine/engine.c": "",
                                        "tracer/tracer_open.c": '#include "engine.h"\n'},
                                       "conveyor-engine: conveyor-trace\n", True),
        "tracer writes trace files": ({"tracefile/tracefile_write.c": "",
                                       "tracer/tracer_open.c": '#include "ring.h"\n'
                                                          '#include "tracefile_write.h"\n'},
                                      "conveyor-engine: conveyor-trace\n", False),
        "inih linked": ({}, "conveyor-engine: conveyor-trace;m\nconveyor-trace: PkgConfig::INIH\n",
                        True),
    }
    failed = 0
    for name, (extra, links, should_fail) in cases.items():
        with tempfile.TemporaryDirectory() as root:
            tree(root, {**clean, **extra})
            links_file = os.path.join(root, "core-links.txt")
            with open(links_file, "w") as f:
                f.write(links)
            problems = check(root, links_file)
            if bool(problems) != should_fail:
                failed += 1
                print(f"self-test '{name}': expected {'a failure' if should_fail else 'no failure'}"
                      f", got {problems or 'none'}")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core")
    parser.add_argument("--links")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        return 1 if self_test() else 0
    if not args.core:
        parser.error("--core is required")
    problems = check(args.core, args.links)
    for problem in problems:
        print(f"{args.core}: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
