"""Runs the composite steps of action.yml the way a GitHub runner would, as far as this machine can.

    python run_action.py ACTION_YML WORKDIR key=value...   (inputs; defaults come from action.yml)

`run:` steps run in bash with the step's `env:` (expressions evaluated), GITHUB_ACTION_PATH, GITHUB_OUTPUT
(read back into `steps.<id>.outputs`), GITHUB_PATH (prepended to PATH for later steps, as the runner does).
`uses:` steps cannot run here: they are printed as `SKIP uses: …` with their evaluated `if:` and `with:`,
so a test can check what would have been cached or uploaded. Expressions: inputs.*, steps.*.outputs.*,
steps.*.outcome, github.token, always(), ==, !=, &&, ||, string literals. Exit code: that of the first
failing step (later steps still run when their `if:` says always()).
"""
import os
import re
import subprocess
import sys
import tempfile

import yaml

EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def evaluate(expr, ctx):
    def ref(m):
        return f"_get({m.group(0)!r})"

    py = expr.strip()
    py = re.sub(r"'((?:[^']|'')*)'", lambda m: repr(m.group(1).replace("''", "'")), py)
    py = re.sub(r"\b(inputs|steps|github|runner)\.[A-Za-z0-9_.-]+", ref, py)
    py = py.replace("&&", " and ").replace("||", " or ").replace("always()", "True")
    py = py.replace("success()", "_success()").replace("failure()", "(not _success())")

    def get(path):
        node = ctx
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                return ""
            node = node[part]
        return node

    return eval(py, {"_get": get, "_success": lambda: ctx["_failed"] == 0, "True": True})


def substitute(value, ctx):
    if not isinstance(value, str):
        return value
    whole = EXPR.fullmatch(value.strip())
    if whole:
        return evaluate(whole.group(1), ctx)
    return EXPR.sub(lambda m: str(evaluate(m.group(1), ctx)), value)


def main():
    action_yml, workdir, *pairs = sys.argv[1:]
    action = yaml.safe_load(open(action_yml))
    given = dict(p.split("=", 1) for p in pairs)
    inputs = {k: str(given.get(k, v.get("default", ""))) for k, v in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    if unknown:
        sys.exit(f"run_action.py: not inputs of the action: {sorted(unknown)}")
    ctx = {"inputs": inputs, "steps": {}, "github": {"token": os.environ.get("GITHUB_TOKEN", "")}, "_failed": 0}
    # `github.token` defaults must not leak a real token: inputs.token evaluates to the env's (empty) value.
    for k, v in inputs.items():
        inputs[k] = str(substitute(v, ctx))
    path_file = tempfile.NamedTemporaryFile(delete=False).name
    env_path = os.environ["PATH"]
    status = 0
    for i, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id", f"step{i}")
        cond = step.get("if")
        if cond is not None:
            cond = cond.strip()
            cond = cond[3:-2] if cond.startswith("${{") else cond
            run_it = bool(evaluate(cond, ctx))
        else:
            run_it = ctx["_failed"] == 0
        if not run_it:
            ctx["steps"][sid] = {"outputs": {}, "outcome": "skipped"}
            print(f"run_action: {sid}: skipped", flush=True)
            continue
        if "uses" in step:
            with_ = {k: substitute(v, ctx) for k, v in (step.get("with") or {}).items()}
            print(f"SKIP uses: {step['uses']} with: {with_}", flush=True)
            ctx["steps"][sid] = {"outputs": {}, "outcome": "success"}
            continue
        out_file = tempfile.NamedTemporaryFile(delete=False).name
        env = dict(os.environ)
        env.update({k: str(substitute(v, ctx)) for k, v in (step.get("env") or {}).items()})
        extra = [line.strip() for line in open(path_file) if line.strip()]
        env["PATH"] = os.pathsep.join(list(reversed(extra)) + [env_path])
        env.update(
            GITHUB_ACTION_PATH=os.path.dirname(os.path.abspath(action_yml)),
            GITHUB_OUTPUT=out_file,
            GITHUB_PATH=path_file,
        )
        script = substitute(step["run"], ctx)
        rc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=workdir, env=env).returncode
        outputs = {}
        for line in open(out_file):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                outputs[k] = v
        os.unlink(out_file)
        ctx["steps"][sid] = {"outputs": outputs, "outcome": "success" if rc == 0 else "failure"}
        print(f"run_action: {sid}: exit {rc} outputs {outputs}", flush=True)
        if rc != 0 and ctx["_failed"] == 0:
            ctx["_failed"] = rc
            status = rc
    os.unlink(path_file)
    sys.exit(status)


if __name__ == "__main__":
    main()
