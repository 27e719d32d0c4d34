"""`python -m eval` / `memsvc-eval`: run LoCoMo or LongMemEval against memsvc, generate probes."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from eval.metrics import BUDGETS, SEARCH_DEPTH
from eval.pipeline import BenchConfig, run
from eval.qa import llm_config
from eval.runner import RunSettings
from eval.systems import BASELINES, build_systems


def _bench_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by the benchmark subcommands."""
    add = parser.add_argument
    add("--data", required=True, type=Path, help="benchmark JSON file")
    add("--url", help="memsvc base URL (default: an in-process memsvc in a temporary dir)")
    add("--data-dir", help="data dir for the in-process memsvc (default: a temporary dir)")
    add("--run-name", help="report folder name under --out (default: <benchmark>-<UTC time>)")
    add("--out", type=Path, default=Path("eval/results"), help="results root")
    add(
        "--option",
        action="append",
        default=[],
        metavar="KEY=JSON",
        help="extra field for memsvc's search/context bodies (dotted keys nest); repeatable",
    )
    add(
        "--variant",
        action="append",
        default=[],
        metavar="NAME:KEY=JSON[,KEY=JSON]",
        help="a named memsvc configuration (on top of --option); repeatable, one column each",
    )
    add(
        "--baselines",
        default=",".join(BASELINES),
        help=f"comma list from {', '.join(BASELINES)}, or 'none'",
    )
    add("--budgets", default=",".join(map(str, BUDGETS)), help="context budgets in tokens")
    add("--depth", type=int, default=SEARCH_DEPTH, help="search k (all k are cut from it)")
    add("--user-prefix", default="", help="prefix for memsvc user ids (e.g. a run id)")
    add(
        "--question-date-key",
        metavar="KEY",
        help="send each question's date (when the dataset has one) as this body field",
    )
    add("--limit-conversations", type=int, help="only the first N conversations")
    add("--limit-sessions", type=int, help="only the first N sessions of each conversation")
    add("--limit-questions", type=int, help="at most N questions per conversation")
    _run_arguments(parser)


def _run_arguments(parser: argparse.ArgumentParser) -> None:
    """Slicing, output and QA options."""
    add = parser.add_argument
    add("--keep-users", action="store_true", help="leave the ingested users in memsvc")
    add(
        "--reuse-users",
        action="store_true",
        help="query users a previous --keep-users run left in --data-dir/--url (no ingest)",
    )
    add(
        "--close-sessions",
        action="store_true",
        help="close every session after ingest and wait for consolidation (facts, episodes)",
    )
    add(
        "--ablation",
        action="store_true",
        help="one memsvc column per retrieval feature switched off, and all off",
    )
    add("--no-plots", action="store_true", help="skip the PNG plots")
    add("--no-progress", action="store_true", help="no progress bars")
    add("--llm-url", help="OpenAI-compatible base URL for QA scoring (env MEMSVC_EVAL_LLM_URL)")
    add("--llm-model", help="chat model (env MEMSVC_EVAL_LLM_MODEL, default gpt-4o-mini)")
    add("--llm-key", help="API key (env MEMSVC_EVAL_LLM_KEY)")
    add("--qa-budget", type=int, default=2048, help="context budget for QA answers")


def _probe_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("--out", type=Path, required=True, help="output JSON (LongMemEval format)")
    add("--seed", type=int, default=0)
    add("--fillers", type=int, default=10, help="filler sessions per question's haystack")
    add("--questions", type=int, default=200, help="questions, balanced over the five abilities")


def build_parser() -> argparse.ArgumentParser:
    """The full command line."""
    parser = argparse.ArgumentParser(prog="memsvc-eval", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, what in (
        ("locomo", "LoCoMo (locomo10.json format)"),
        ("longmemeval", "LongMemEval (_s/_m/_oracle format, or our probes)"),
    ):
        _bench_arguments(sub.add_parser(name, help=f"benchmark on {what}"))
    cv = sub.add_parser("cv", help="leave-one-conversation-out cross-validation (LoCoMo)")
    cv.add_argument("--data", required=True, type=Path, help="LoCoMo JSON file")
    cv.add_argument("--out", type=Path, default=Path("eval/results/cv"), help="output folder")
    cv.add_argument("--limit-conversations", type=int, help="only the first N conversations")
    cv.add_argument("--no-progress", action="store_true", help="no progress bars")
    cv.add_argument("--data-dir", help="data dir for the in-process memsvc (kept afterwards)")
    cv.add_argument(
        "--reuse-users", action="store_true", help="query users kept in --data-dir, no ingest"
    )
    cv.add_argument("--user-prefix", default="cv-", help="prefix of the conversations' user ids")
    cv.add_argument(
        "--grid", type=Path, help='JSON {"constant": [values]} (default: eval/cv.py GRID)'
    )
    cv.add_argument(
        "--reader-grid",
        type=Path,
        help='JSON {"constant": [values]} for the context packing (default: READER_GRID; {}: off)',
    )
    cal = sub.add_parser("calibrate", help="fit the evidence score from runs' questions.jsonl")
    cal.add_argument("--train", type=Path, action="append", required=True, help="questions.jsonl")
    cal.add_argument("--check", type=Path, action="append", default=[], help="never fitted on")
    cal.add_argument("--max-false-flags", type=float, default=0.03, help="answerable flagged")
    cal.add_argument("--out", type=Path, help="folder for calibrate.md / calibrate.json")
    probes = sub.add_parser("probes", help="LongMemEval-style probes")
    probe_sub = probes.add_subparsers(dest="probe_command", required=True)
    _probe_arguments(probe_sub.add_parser("generate", help="write a deterministic probe set"))
    return parser


def config_from(args: argparse.Namespace, argv: Sequence[str]) -> BenchConfig:
    """A BenchConfig from parsed benchmark arguments."""
    chosen = [] if args.baselines.strip() == "none" else args.baselines.split(",")
    settings = RunSettings(
        depth=args.depth,
        budgets=tuple(int(b) for b in args.budgets.split(",")),
        user_prefix=args.user_prefix,
        question_date_key=args.question_date_key,
        show_progress=not args.no_progress,
        close_sessions=args.close_sessions,
    )
    return BenchConfig(
        kind=args.command,
        data=args.data,
        systems=build_systems(
            args.option, args.variant, [b.strip() for b in chosen], ablation=args.ablation
        ),
        settings=settings,
        url=args.url,
        data_dir=args.data_dir,
        run_name=args.run_name,
        out_root=args.out,
        limit_conversations=args.limit_conversations,
        limit_sessions=args.limit_sessions,
        limit_questions=args.limit_questions,
        keep_users=args.keep_users or args.reuse_users,
        reuse_users=args.reuse_users,
        plots=not args.no_plots,
        llm=llm_config(args.llm_url, args.llm_model, args.llm_key, args.qa_budget),
        command="python -m eval " + shlex.join(argv),
    )


def _calibrate(args: argparse.Namespace) -> int:
    import json

    from eval.calibrate import calibrate, markdown

    result = calibrate(args.train, args.check, args.max_false_flags)
    print(markdown(result))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "calibrate.json").write_text(json.dumps(result, indent=2))
        (args.out / "calibrate.md").write_text(markdown(result))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m eval` and the `memsvc-eval` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    if args.command == "probes":
        from eval.probes import write_probes

        count = write_probes(
            args.out, seed=args.seed, fillers=args.fillers, questions=args.questions
        )
        print(f"wrote {count} questions to {args.out}")
        return 0
    if args.command == "calibrate":
        return _calibrate(args)
    if args.command == "cv":
        import json

        from eval.cv import GRID, READER_GRID, run_cv

        grid = json.loads(args.grid.read_text()) if args.grid else GRID
        reader_grid = json.loads(args.reader_grid.read_text()) if args.reader_grid else READER_GRID
        run_cv(
            args.data,
            args.out,
            grid=grid,
            reader_grid=reader_grid,
            show_progress=not args.no_progress,
            limit_conversations=args.limit_conversations,
            data_dir=args.data_dir,
            reuse_users=args.reuse_users,
            user_prefix=args.user_prefix,
        )
        return 0
    try:
        config = config_from(args, argv)
    except ValueError as error:
        build_parser().error(str(error))
    run(config)
    return 0
