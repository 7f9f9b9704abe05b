"""Command line: ``python -m soleuslib <command> ...``.

``new-lesson ID "Title"``: write a working lesson skeleton (soleuslib/scaffold.py).

``present [--port N]``: serve the patient view with Voilà on 127.0.0.1 (``make present``;
soleuslib/patient/view.py); Ctrl-C, SIGTERM or SIGHUP stop it with its kernels.

``toc``: print the site's table of contents from data/lessons.csv (``make site`` writes it to
``_build/_toc.yml``; soleuslib/site.py).

``execute NOTEBOOK...``: re-execute notebooks in a clean kernel and save them with their outputs
(``make notebooks``; soleuslib/execute.py); a notebook that fails keeps its previous outputs.

Commands are registered in ``COMMANDS``: each has a function that adds its arguments to a subparser
and a function that runs it and returns an exit status. A new command adds one entry.

``handout``: render a patient handout from a YAML parameter file and/or flags (flags win), e.g.
``python -m soleuslib handout --params examples/handout_params.yaml --display-name A.B.``;
``--pdf`` (with ``--paper a4|letter``) prints a PDF with Debian's Chromium instead of HTML.
It prints one line, ``handout written: <path>``, or one ``error: ...`` line naming the parameter.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path


def _add_handout_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--params", type=Path, help="YAML file of handout parameters")
    parser.add_argument("--display-name", help="patient's name or initials")
    parser.add_argument("--side", help="left, right or both")
    parser.add_argument("--pain-site", help="where it hurts, in plain words")
    parser.add_argument("--stage", help="early, building or 'return to running'")
    parser.add_argument(
        "--exercise",
        dest="exercise_ids",
        action="append",
        metavar="ID",
        help="an exercise id from data/exercises.csv (repeat for several, in order)",
    )
    parser.add_argument("--sessions-per-week", type=int, help="1 to 7")
    parser.add_argument("--reading-level", help="plain or clinical")
    parser.add_argument("--clinician-name", help="optional: who the patient can ask")
    parser.add_argument("--clinician-contact", help="optional: a phone number or address")
    parser.add_argument(
        "--pdf", action="store_true", help="write a PDF (Debian's Chromium) instead of HTML"
    )
    parser.add_argument(
        "--paper", default="a4", choices=("a4", "letter"), help="PDF paper size (default a4)"
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=Path("handouts"),
        help="folder for the handout (default: handouts)",
    )
    parser.add_argument(
        "--filename", help="file name, e.g. plan_AB.html or plan_AB.pdf (default from the name)"
    )


def _run_handout(args: argparse.Namespace) -> int:
    from soleuslib import handout

    values = handout.load_params_file(args.params) if args.params else {}
    for name in handout.PARAMETER_NAMES:
        given = getattr(args, name, None)
        if given is not None:
            values[name] = given
    params = handout.validate_params(values)
    path = handout.render(
        params, out_dir=args.out_dir, filename=args.filename, pdf=args.pdf, paper=args.paper
    )
    print(f"handout written: {path}")
    return 0


def _add_new_lesson_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("lesson_id", metavar="ID", help="short snake_case id, e.g. plyometrics")
    parser.add_argument("title", metavar="TITLE", help='the lesson title, e.g. "Plyometrics"')


def _run_new_lesson(args: argparse.Namespace) -> int:
    from soleuslib import paths, scaffold
    from soleuslib.execute import NotebookExecutionError

    try:
        written = scaffold.create(args.lesson_id, args.title)
    except NotebookExecutionError as error:
        raise ValueError(f"the new notebook did not execute, nothing was kept: {error}") from None
    for path in written:
        print(f"wrote {path.relative_to(paths.REPO_ROOT)}")
    notebook = next(p for p in written if p.suffix == ".ipynb")
    print(
        f"next: edit them, then `make check`; after editing the notebook, "
        f"`make notebooks NB={notebook.relative_to(paths.REPO_ROOT)}`"
    )
    return 0


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(
            f"the port must be a number from 1 to 65535 (got {text!r})"
        )
    return int(text)


def _add_present_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=_port,
        help="port on 127.0.0.1 (default: $PRESENT_PORT, else 8866)",
    )


def _run_present(args: argparse.Namespace) -> int:
    from soleuslib.patient import view

    return view.present(args.port)


def _add_toc_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no arguments: the table of contents comes from data/lessons.csv


def _run_toc(args: argparse.Namespace) -> int:
    from soleuslib import site

    sys.stdout.write(site.toc_yaml())
    return 0


def _add_execute_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "notebooks", nargs="+", type=Path, metavar="NOTEBOOK", help="notebooks to re-execute"
    )


def _run_execute(args: argparse.Namespace) -> int:
    from soleuslib import execute

    return execute.main([str(path) for path in args.notebooks])


Command = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]
COMMANDS: dict[str, Command] = {
    "handout": (
        "render a printable patient handout into handouts/",
        _add_handout_arguments,
        _run_handout,
    ),
    "new-lesson": (
        "write a lesson skeleton (data, schema, module, test, notebook) that passes make check",
        _add_new_lesson_arguments,
        _run_new_lesson,
    ),
    "present": (
        "serve the patient view (no code, large type) with Voila on 127.0.0.1; Ctrl-C stops it",
        _add_present_arguments,
        _run_present,
    ),
    "toc": (
        "print the site's table of contents (from data/lessons.csv) as Jupyter Book YAML",
        _add_toc_arguments,
        _run_toc,
    ),
    "execute": (
        "re-execute notebooks in a clean kernel and save them with their outputs",
        _add_execute_arguments,
        _run_execute,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subparser per registered command."""
    parser = argparse.ArgumentParser(
        prog="python -m soleuslib", description="Tools of the soleus teaching notebooks."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    for name, (help_text, add_arguments, _run) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the command; a bad input prints one clear line and returns 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][2](args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
