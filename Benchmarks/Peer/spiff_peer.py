"""SpiffWorkflow side of the benchmarks: the reference flow (Workflows/reference.bpmn),
the same three user actions per run as FullAgency's benchmarks (submit, approve, file).

    spiff_peer.py inprocess --bpmn FILE --runs N [--scratch DIR]
                                                   in memory, reloading the JSON, and (with
                                                   --scratch) reading and writing a state file
    spiff_peer.py init --bpmn FILE STATE           a started workflow, saved as JSON
    spiff_peer.py step STATE ACTION                the CLI equivalent: load, act, save

`inprocess` prints one JSON object: per action, microseconds (median and mean of the
per-run samples divided by three), so Scripts/bench can set them beside ours. With
`--scratch`, a third figure, `file`: before each action the workflow is read from its
JSON file in DIR, after it written back through a temporary file and a rename, as our
in-process benchmark writes its snapshot; neither side fsyncs there. `init`
and `step` are run by FullAgency's process benchmark, interleaved with `agency` itself,
one Python process per action (start-up, imports, load, act, save).
"""
import argparse
import json
import os
import statistics
import sys
import time

# What each user action does: the task it completes and the data it adds (the fields
# FullAgency's hooks set in reference.lua).
ACTIONS = [
    ("submit", {"submitted_at": "2025-03-03T09:00:00+08:00", "rounds": 1}),
    ("review", {"decision": "approved", "approved_by": "leader1"}),
    ("file", {"doc_no": "基准-光伏电站-1"}),
]
START_DATA = {"project": "光伏电站", "amount": 1200, "applicant": "agent1",
              "reviewer": "leader1", "clerk": "clerk1"}


def load_spec(bpmn):
    from SpiffWorkflow.bpmn.parser import BpmnParser
    parser = BpmnParser()
    parser.add_bpmn_file(bpmn)
    return parser.get_spec("reference")


def new_workflow(spec):
    from SpiffWorkflow.bpmn import BpmnWorkflow
    workflow = BpmnWorkflow(spec)
    workflow.set_data(**START_DATA)
    workflow.do_engine_steps()
    return workflow


def act(workflow, step):
    """Completes the ready task of `step` and runs the engine to the next wait."""
    from SpiffWorkflow.util.task import TaskState
    name, data = ACTIONS[step]
    ready = [t for t in workflow.get_tasks(state=TaskState.READY) if t.task_spec.name == name]
    if len(ready) != 1:
        raise SystemExit(f"spiff_peer: expected one ready '{name}' task, found {len(ready)}")
    task = ready[0]
    task.data.update(data)
    task.run()
    workflow.do_engine_steps()


def summary(samples, runs):
    per_action = [s / len(ACTIONS) for s in samples]
    return {"median_us": statistics.median(per_action), "mean_us": statistics.fmean(per_action),
            "runs": runs, "actions_per_run": len(ACTIONS)}


def read_state(serializer, path):
    with open(path, encoding="utf-8") as handle:
        return serializer.deserialize_json(handle.read())


def write_state(serializer, workflow, path):
    """Replaces the state file through a temporary file and a rename, without fsync (the
    same steps as our in-process benchmark's snapshot on its file system without fsync)."""
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(serializer.serialize_json(workflow))
    os.replace(temporary, path)


def run_inprocess(bpmn, runs, warmup, scratch=None):
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    spec = load_spec(bpmn)
    serializer = BpmnWorkflowSerializer()
    memory, reload, files = [], [], []
    for index in range(warmup + runs):
        workflow = new_workflow(spec)
        began = time.perf_counter_ns()
        for step in range(len(ACTIONS)):
            act(workflow, step)
        elapsed = (time.perf_counter_ns() - began) / 1000
        if not workflow.is_completed():
            raise SystemExit("spiff_peer: the in-memory run did not complete")
        if index >= warmup:
            memory.append(elapsed)

        # As a CLI would: the state lives as JSON between actions.
        text = serializer.serialize_json(new_workflow(spec))
        began = time.perf_counter_ns()
        for step in range(len(ACTIONS)):
            workflow = serializer.deserialize_json(text)
            act(workflow, step)
            text = serializer.serialize_json(workflow)
        elapsed = (time.perf_counter_ns() - began) / 1000
        if not serializer.deserialize_json(text).is_completed():
            raise SystemExit("spiff_peer: the reloading run did not complete")
        if index >= warmup:
            reload.append(elapsed)

        # As a CLI would, with the file: read before every action, written after it.
        if scratch is None:
            continue
        path = os.path.join(scratch, f"spiff-{index}.json")
        write_state(serializer, new_workflow(spec), path)
        began = time.perf_counter_ns()
        for step in range(len(ACTIONS)):
            workflow = read_state(serializer, path)
            act(workflow, step)
            write_state(serializer, workflow, path)
        elapsed = (time.perf_counter_ns() - began) / 1000
        if not read_state(serializer, path).is_completed():
            raise SystemExit("spiff_peer: the run with a state file did not complete")
        if index >= warmup:
            files.append(elapsed)
    result = {"memory": summary(memory, runs), "reload": summary(reload, runs),
              "json_bytes": len(text)}
    if scratch is not None:
        result["file"] = summary(files, runs)
    return result


def init(bpmn, path):
    """Starts a workflow and saves it as a CLI would keep it between commands."""
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(BpmnWorkflowSerializer().serialize_json(new_workflow(load_spec(bpmn))))


def step(path, action):
    """One CLI invocation: load the workflow's JSON, do one action, save it."""
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    serializer = BpmnWorkflowSerializer()
    with open(path, encoding="utf-8") as handle:
        workflow = serializer.deserialize_json(handle.read())
    act(workflow, action)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(serializer.serialize_json(workflow))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    command = sub.add_parser("inprocess")
    command.add_argument("--bpmn", required=True)
    command.add_argument("--runs", type=int, required=True)
    command.add_argument("--warmup", type=int, default=3)
    command.add_argument("--scratch", help="a folder on the measured disk for the state files")
    command = sub.add_parser("init")
    command.add_argument("--bpmn", required=True)
    command.add_argument("file")
    command = sub.add_parser("step")
    command.add_argument("file")
    command.add_argument("action", type=int, choices=range(len(ACTIONS)))
    args = parser.parse_args()

    if args.command == "step":
        step(args.file, args.action)
        return
    if args.command == "init":
        init(args.bpmn, args.file)
        return
    import SpiffWorkflow.version as spiff_version
    if args.scratch:
        os.makedirs(args.scratch, exist_ok=True)
    result = run_inprocess(args.bpmn, args.runs, args.warmup, args.scratch)
    result["spiffworkflow"] = spiff_version.__version__
    result["python"] = sys.version.split()[0]
    print(json.dumps(result))


if __name__ == "__main__":
    main()
